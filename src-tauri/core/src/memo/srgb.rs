//! An sRGB ICC profile, generated here rather than shipped as a file, so its origin and
//! licence are this crate's: PDF/A needs an output intent, and the memo's grey ink is
//! described against sRGB.
//!
//! The profile is the classic ICC v2 matrix/TRC display profile: the sRGB primaries
//! (IEC 61966-2-1) adapted to the D50 profile connection space with the Bradford
//! transform, as ICC.1 requires, and the sRGB transfer curve sampled at 256 points (one
//! table shared by the three channels). The arithmetic is colour science in `f64` (the
//! profile stores fixed-point numbers); no money passes through here.

/// The profile's bytes; the same every time.
pub fn profile() -> Vec<u8> {
    const CURVE_POINTS: usize = 256;
    // D50, and the sRGB primaries adapted to D50 (Bradford), as ICC.1 publishes them.
    const D50: [f64; 3] = [0.9642, 1.0, 0.8249];
    const RED: [f64; 3] = [0.4361, 0.2225, 0.0139];
    const GREEN: [f64; 3] = [0.3851, 0.7169, 0.0971];
    const BLUE: [f64; 3] = [0.1431, 0.0606, 0.7141];

    let xyz = |v: [f64; 3]| {
        let mut tag = b"XYZ \0\0\0\0".to_vec();
        for c in v {
            tag.extend(s15_fixed16(c));
        }
        tag
    };
    let mut curve = b"curv\0\0\0\0".to_vec();
    curve.extend((CURVE_POINTS as u32).to_be_bytes());
    for i in 0..CURVE_POINTS {
        let v = i as f64 / (CURVE_POINTS - 1) as f64;
        let linear = if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        };
        curve.extend(((linear * 65535.0).round() as u16).to_be_bytes());
    }
    let description = {
        let text = b"sRGB IEC61966-2.1 (CoopDesk)\0";
        let mut tag = b"desc\0\0\0\0".to_vec();
        tag.extend((text.len() as u32).to_be_bytes());
        tag.extend(text);
        // No Unicode or ScriptCode description: language 0, counts 0, 67 empty bytes.
        tag.extend([0u8; 4 + 4 + 2 + 1 + 67]);
        tag
    };
    let copyright = {
        let mut tag = b"text\0\0\0\0".to_vec();
        tag.extend(b"No copyright, use freely\0");
        tag
    };

    // (signature, data); the three TRC tags point at one curve.
    let tags: [(&[u8; 4], usize); 9] = [
        (b"desc", 0),
        (b"cprt", 1),
        (b"wtpt", 2),
        (b"rXYZ", 3),
        (b"gXYZ", 4),
        (b"bXYZ", 5),
        (b"rTRC", 6),
        (b"gTRC", 6),
        (b"bTRC", 6),
    ];
    let data = [
        description,
        copyright,
        xyz(D50),
        xyz(RED),
        xyz(GREEN),
        xyz(BLUE),
        curve,
    ];
    let table_len = 4 + 12 * tags.len();
    let mut offsets = Vec::new();
    let mut body = Vec::new();
    for block in &data {
        offsets.push(128 + table_len + body.len());
        body.extend(block);
        while body.len() % 4 != 0 {
            body.push(0);
        }
    }
    let size = 128 + table_len + body.len();

    let mut out = Vec::with_capacity(size);
    out.extend((size as u32).to_be_bytes());
    out.extend([0u8; 4]); // preferred CMM: none
    out.extend([0x02, 0x10, 0x00, 0x00]); // version 2.1
    out.extend(b"mntr");
    out.extend(b"RGB ");
    out.extend(b"XYZ ");
    for part in [2026u16, 1, 1, 0, 0, 0] {
        out.extend(part.to_be_bytes());
    }
    out.extend(b"acsp");
    out.extend([0u8; 4 + 4 + 4 + 4 + 8]); // platform, flags, manufacturer, model, attributes
    out.extend([0u8; 4]); // rendering intent: perceptual
    for c in D50 {
        out.extend(s15_fixed16(c));
    }
    out.extend([0u8; 4 + 16 + 28]); // creator, profile id, reserved
    out.extend((tags.len() as u32).to_be_bytes());
    for (signature, index) in tags {
        out.extend(signature);
        out.extend((offsets[index] as u32).to_be_bytes());
        out.extend((data[index].len() as u32).to_be_bytes());
    }
    out.extend(body);
    out
}

fn s15_fixed16(value: f64) -> [u8; 4] {
    ((value * 65536.0).round() as i32).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_a_well_formed_icc_v2_rgb_display_profile() {
        let icc = profile();
        let size = u32::from_be_bytes(icc[0..4].try_into().unwrap()) as usize;
        assert_eq!(size, icc.len(), "the header states the profile's real size");
        assert_eq!(&icc[12..24], b"mntrRGB XYZ ");
        assert_eq!(&icc[36..40], b"acsp");
        let count = u32::from_be_bytes(icc[128..132].try_into().unwrap()) as usize;
        for n in 0..count {
            let entry = &icc[132 + 12 * n..144 + 12 * n];
            let offset = u32::from_be_bytes(entry[4..8].try_into().unwrap()) as usize;
            let len = u32::from_be_bytes(entry[8..12].try_into().unwrap()) as usize;
            assert_eq!(offset % 4, 0, "tags start on a 4-byte boundary");
            assert!(
                offset + len <= icc.len(),
                "every tag lies inside the profile"
            );
        }
    }
}
