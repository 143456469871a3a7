//! The jurisdiction's logo, printed in the memo's header (PDF, preview and Word file)
//! with its alternative text.
//!
//! A logo is a PNG or JPEG the clerk chose, kept as the file's own bytes (checked once,
//! when chosen: its kind, its size in bytes and pixels). The PDF needs it as an image
//! XObject: a JPEG goes in as it is (DCTDecode); a PNG is decoded here (8-bit and
//! palette images, any colour type, not interlaced) into its colour samples and, when it
//! has transparency, a soft mask — so no image crate is needed.

use std::io::Read;

use base64::Engine;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// The largest logo accepted, in bytes: plenty for a crisp seal on paper.
pub const MAX_BYTES: usize = 512 * 1024;
/// The largest side, in pixels.
const MAX_SIDE: u32 = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LogoFormat {
    Png,
    Jpeg,
}

impl LogoFormat {
    pub fn mime(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            LogoFormat::Png => "png",
            LogoFormat::Jpeg => "jpeg",
        }
    }
}

/// A checked logo image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Logo {
    pub format: LogoFormat,
    /// The file's bytes, as base64 in JSON.
    #[serde(with = "as_base64")]
    #[ts(type = "string")]
    pub data: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    /// What the logo shows, for those who cannot see it: "Seal of the Village of Peñasco".
    pub alt: String,
}

mod as_base64 {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}

/// The sentence for a logo file over [`MAX_BYTES`].
pub fn too_big(len: u64) -> Error {
    refused(format!(
        "The logo file is {} KB; choose one under {} KB (a PNG or JPEG about 600 pixels \
         wide prints crisply in the memo's header).",
        len.div_ceil(1024),
        MAX_BYTES / 1024
    ))
}

fn refused(message: String) -> Error {
    Error::invalid("logo", message)
}

impl Logo {
    /// Checks a chosen file and keeps it; every refusal says what to do instead.
    pub fn from_bytes(bytes: &[u8], alt: &str) -> Result<Logo> {
        if bytes.len() > MAX_BYTES {
            return Err(too_big(bytes.len() as u64));
        }
        let (format, width_px, height_px) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            let png = Png::read(bytes)?;
            // Decoding once now means a logo that prints is known before the memo.
            png.pixels()?;
            (LogoFormat::Png, png.width, png.height)
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            let jpeg = jpeg_frame(bytes)?;
            (LogoFormat::Jpeg, jpeg.width, jpeg.height)
        } else {
            return Err(refused(
                "The logo must be a PNG or JPEG image; this file is neither. Save the logo as \
                 PNG and choose it again."
                    .to_owned(),
            ));
        };
        if width_px == 0 || height_px == 0 || width_px > MAX_SIDE || height_px > MAX_SIDE {
            return Err(refused(format!(
                "The logo is {width_px} × {height_px} pixels; choose one no larger than \
                 {MAX_SIDE} pixels on a side."
            )));
        }
        Ok(Logo {
            format,
            data: bytes.to_vec(),
            width_px,
            height_px,
            alt: alt.trim().to_owned(),
        })
    }

    /// The alternative text, or a sentence naming the jurisdiction when none was given.
    pub fn alt_or(&self, jurisdiction: &str) -> String {
        if !self.alt.trim().is_empty() {
            self.alt.trim().to_owned()
        } else if jurisdiction.trim().is_empty() {
            "Logo".to_owned()
        } else {
            format!("Logo of {}", jurisdiction.trim())
        }
    }

    /// A `data:` address for the preview.
    pub fn data_url(&self) -> String {
        format!(
            "data:{};base64,{}",
            self.format.mime(),
            base64::engine::general_purpose::STANDARD.encode(&self.data)
        )
    }

    /// The image as the PDF needs it.
    pub(crate) fn pdf_image(&self) -> Result<PdfImage> {
        match self.format {
            LogoFormat::Jpeg => {
                let frame = jpeg_frame(&self.data)?;
                Ok(PdfImage {
                    width: frame.width,
                    height: frame.height,
                    gray: frame.components == 1,
                    jpeg: true,
                    samples: self.data.clone(),
                    alpha: None,
                })
            }
            LogoFormat::Png => {
                let png = Png::read(&self.data)?;
                let (samples, alpha, gray) = png.pixels()?;
                Ok(PdfImage {
                    width: png.width,
                    height: png.height,
                    gray,
                    jpeg: false,
                    samples,
                    alpha,
                })
            }
        }
    }
}

/// Samples ready for an image XObject: JPEG bytes as they are, or raw 8-bit samples.
pub(crate) struct PdfImage {
    pub width: u32,
    pub height: u32,
    pub gray: bool,
    pub jpeg: bool,
    pub samples: Vec<u8>,
    /// 8-bit opacity, one sample a pixel, when the image has any transparency.
    pub alpha: Option<Vec<u8>>,
}

struct JpegFrame {
    width: u32,
    height: u32,
    components: u8,
}

/// The frame header of a JPEG: its size and number of colour components.
fn jpeg_frame(bytes: &[u8]) -> Result<JpegFrame> {
    let damaged = || {
        refused("The logo's JPEG file is damaged; save it again and choose it again.".to_owned())
    };
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return Err(damaged());
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let frame = bytes.get(at + 4..at + 10).ok_or_else(damaged)?;
            let components = frame[5];
            if components != 1 && components != 3 {
                return Err(refused(
                    "The logo is a CMYK JPEG (made for a print shop); save it as an RGB JPEG or \
                     a PNG and choose it again."
                        .to_owned(),
                ));
            }
            return Ok(JpegFrame {
                height: u32::from(u16::from_be_bytes([frame[1], frame[2]])),
                width: u32::from(u16::from_be_bytes([frame[3], frame[4]])),
                components,
            });
        }
        at += 2 + len;
    }
    Err(damaged())
}

struct Png {
    width: u32,
    height: u32,
    depth: u8,
    color: u8,
    palette: Vec<u8>,
    transparency: Vec<u8>,
    data: Vec<u8>,
}

impl Png {
    fn read(bytes: &[u8]) -> Result<Png> {
        let damaged = || {
            refused("The logo's PNG file is damaged; save it again and choose it again.".to_owned())
        };
        let mut png = Png {
            width: 0,
            height: 0,
            depth: 0,
            color: 0,
            palette: Vec::new(),
            transparency: Vec::new(),
            data: Vec::new(),
        };
        let mut at = 8;
        let mut interlaced = false;
        while at + 8 <= bytes.len() {
            let len =
                u32::from_be_bytes(bytes[at..at + 4].try_into().map_err(|_| damaged())?) as usize;
            let kind = &bytes[at + 4..at + 8];
            let body = bytes.get(at + 8..at + 8 + len).ok_or_else(damaged)?;
            match kind {
                b"IHDR" if len >= 13 => {
                    png.width = u32::from_be_bytes(body[0..4].try_into().map_err(|_| damaged())?);
                    png.height = u32::from_be_bytes(body[4..8].try_into().map_err(|_| damaged())?);
                    png.depth = body[8];
                    png.color = body[9];
                    interlaced = body[12] != 0;
                }
                b"PLTE" => png.palette = body.to_vec(),
                b"tRNS" => png.transparency = body.to_vec(),
                b"IDAT" => png.data.extend_from_slice(body),
                b"IEND" => break,
                _ => {}
            }
            at += 12 + len;
        }
        if png.width == 0 || png.data.is_empty() {
            return Err(damaged());
        }
        let supported = match png.color {
            0 | 3 => matches!(png.depth, 1 | 2 | 4 | 8),
            2 | 4 | 6 => png.depth == 8,
            _ => false,
        };
        if interlaced || !supported {
            return Err(refused(
                "This PNG is stored in a way CoopDesk does not print (interlaced or 16 bits a \
                 channel); open it in an image editor, save it again as a standard 8-bit PNG \
                 and choose it again."
                    .to_owned(),
            ));
        }
        Ok(png)
    }

    /// Colour samples (RGB or grey), opacity when any pixel is not opaque, and whether
    /// the colour is grey.
    #[allow(clippy::type_complexity)]
    fn pixels(&self) -> Result<(Vec<u8>, Option<Vec<u8>>, bool)> {
        let damaged = || {
            refused("The logo's PNG file is damaged; save it again and choose it again.".to_owned())
        };
        let channels: usize = match self.color {
            0 | 3 => 1,
            2 => 3,
            4 => 2,
            _ => 4,
        };
        let width = self.width as usize;
        let height = self.height as usize;
        let bits_per_pixel = channels * usize::from(self.depth);
        let stride = (width * bits_per_pixel).div_ceil(8);
        let step = bits_per_pixel.div_ceil(8).max(1);
        let mut raw = Vec::with_capacity((stride + 1) * height);
        flate2::read::ZlibDecoder::new(&self.data[..])
            .take(((stride + 1) * height) as u64 + 1)
            .read_to_end(&mut raw)
            .map_err(|_| damaged())?;
        if raw.len() < (stride + 1) * height {
            return Err(damaged());
        }
        // Undo the scanline filters.
        let mut rows = vec![0u8; stride * height];
        for y in 0..height {
            let filter = raw[y * (stride + 1)];
            let line = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
            for x in 0..stride {
                let a = if x >= step {
                    rows[y * stride + x - step]
                } else {
                    0
                };
                let b = if y > 0 { rows[(y - 1) * stride + x] } else { 0 };
                let c = if y > 0 && x >= step {
                    rows[(y - 1) * stride + x - step]
                } else {
                    0
                };
                let value = match filter {
                    0 => line[x],
                    1 => line[x].wrapping_add(a),
                    2 => line[x].wrapping_add(b),
                    3 => line[x].wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                    4 => line[x].wrapping_add(paeth(a, b, c)),
                    _ => return Err(damaged()),
                };
                rows[y * stride + x] = value;
            }
        }
        let sample = |y: usize, index: usize| -> u8 {
            // The index-th `depth`-bit sample of row y.
            let depth = usize::from(self.depth);
            if depth == 8 {
                return rows[y * stride + index];
            }
            let bit = index * depth;
            let byte = rows[y * stride + bit / 8];
            let shift = 8 - depth - bit % 8;
            (byte >> shift) & ((1u16 << depth) - 1) as u8
        };
        let gray = matches!(self.color, 0 | 4);
        let out_channels = if gray { 1 } else { 3 };
        let mut color = Vec::with_capacity(width * height * out_channels);
        let mut alpha = Vec::with_capacity(width * height);
        for y in 0..height {
            for x in 0..width {
                match self.color {
                    0 => {
                        let v = sample(y, x);
                        let scaled = if self.depth == 8 {
                            v
                        } else {
                            (u16::from(v) * 255 / ((1u16 << self.depth) - 1)) as u8
                        };
                        color.push(scaled);
                        alpha.push(255);
                    }
                    2 => {
                        color.extend_from_slice(&rows[y * stride + x * 3..y * stride + x * 3 + 3]);
                        alpha.push(255);
                    }
                    3 => {
                        let index = usize::from(sample(y, x));
                        let rgb = self
                            .palette
                            .get(index * 3..index * 3 + 3)
                            .ok_or_else(damaged)?;
                        color.extend_from_slice(rgb);
                        alpha.push(self.transparency.get(index).copied().unwrap_or(255));
                    }
                    4 => {
                        color.push(rows[y * stride + x * 2]);
                        alpha.push(rows[y * stride + x * 2 + 1]);
                    }
                    _ => {
                        color.extend_from_slice(&rows[y * stride + x * 4..y * stride + x * 4 + 3]);
                        alpha.push(rows[y * stride + x * 4 + 3]);
                    }
                }
            }
        }
        let alpha = alpha.iter().any(|a| *a != 255).then_some(alpha);
        Ok((color, alpha, gray))
    }
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let pa = (p - i16::from(a)).abs();
    let pb = (p - i16::from(b)).abs();
    let pc = (p - i16::from(c)).abs();
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}
