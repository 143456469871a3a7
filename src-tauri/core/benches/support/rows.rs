//! Generated contract rows shared by the import and workbook benches: the same seeded
//! vocabulary, so the two benches measure the same 100,000 rows.

use std::io::{BufWriter, Write};
use std::path::Path;

/// xorshift64*: small, seeded.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const COOPERATIVES: &[&str] = &[
    "Sourcewell",
    "NASPO ValuePoint",
    "OMNIA Partners",
    "TIPS",
    "BuyBoard",
    "NCPA",
    "HGACBuy",
];
const WORDS: &[&str] = &[
    "vehicles",
    "software",
    "maintenance",
    "network",
    "security",
    "cloud",
    "furniture",
    "radio",
    "paving",
    "library",
    "copiers",
    "storage",
    "training",
    "fleet",
    "water",
    "Peñasco",
    "O’Brien",
    "signal",
    "backup",
    "consulting",
    "installation",
    "hardware",
];
const HEADER: &str = "cooperative,leadAgency,contractNumber,title,vendorName,vendorEmail,\
category,description,keywords,solicitationMethod,awardDate,expiryDate,entityTypes,\
eligibleStates,adminFeePercent,notes,tags\n";

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn write_csv(path: &Path, rows: usize) -> u64 {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(HEADER.as_bytes()).unwrap();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for n in 0..rows {
        let coop = rng.pick(COOPERATIVES);
        let line = format!(
            "{coop},{coop} lead agency,{n:08}-{},\"{} contract, lot {n}\",Vendor {} LLC,\
             sales{}@vendor.example,{},\"{}\",{} | {},RFP,{}/{}/2025,2028-{:02}-{:02},\
             city | county | school district,TX | NM | OK,{}.{}%,\"{}\",{}\n",
            rng.next() % 1000,
            words(&mut rng, 4),
            rng.next() % 5000,
            n % 97,
            rng.pick(WORDS),
            words(&mut rng, 18),
            rng.pick(WORDS),
            rng.pick(WORDS),
            1 + rng.next() % 12,
            1 + rng.next() % 28,
            1 + rng.next() % 12,
            1 + rng.next() % 28,
            rng.next() % 3,
            rng.next() % 100,
            words(&mut rng, 10),
            rng.pick(WORDS),
        );
        out.write_all(line.as_bytes()).unwrap();
    }
    out.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

pub fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown (VmHWM is read from /proc, Linux only)".to_owned())
}
