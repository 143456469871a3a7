//! The generated library of the search and window benches: 100,000 contracts (or any
//! number) of realistic length with a skewed (Zipf) vocabulary. Seeded, so every run and
//! both benches build the same library. Included by path (`#[path]`) from
//! `benches/search.rs` and from the end-to-end crate's `benches/window.rs`.

use chrono::{Days, NaiveDate};
use coopdesk_core::library::contract::Contract;

/// The generated contracts, and the vocabulary they were written from (the search bench
/// picks its rare words from the tail).
pub struct Generated {
    pub vocabulary: Vocabulary,
    /// The 3,000 vendors the contracts are spread over.
    pub vendors: Vec<String>,
    pub contracts: Vec<Contract>,
}

/// `count` contracts, the same on every run.
pub fn contracts(count: usize) -> Generated {
    let mut rng = Rng(0x5EED_C0DE_2026);
    let vocabulary = Vocabulary::new(&mut rng, 20_000);
    // One vendor in five has a name joined by a mark, as real ones do ("O'Brien",
    // "Macy's", "AT&T", "E-Rate"): the index holds those twice (split and joined).
    let vendors: Vec<String> = (0..3_000)
        .map(|_| {
            let suffix = ["Inc.", "LLC", "Corporation", "Group", "Systems"][rng.below(5)];
            let first = capitalised(vocabulary.word(&mut rng));
            let second = capitalised(&vocabulary.words[200 + rng.below(19_000)]);
            let first = match rng.below(20) {
                0 => format!("O'{first}"),
                1 => format!("{first}\u{2019}s"),
                2 => format!("{}&{}", &first[..1], &second[..1]),
                3 => format!("{first}-{}", capitalised(vocabulary.word(&mut rng))),
                _ => first,
            };
            format!("{first} {second} {suffix}")
        })
        .collect();
    let contracts = (0..count)
        .map(|index| generate(&mut rng, &vocabulary, &vendors, index))
        .collect();
    Generated {
        vocabulary,
        vendors,
        contracts,
    }
}

/// xorshift64*: small, seeded, good enough to spread words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Real procurement words first (the most frequent), then made-up words for the tail.
const COMMON: &[&str] = &[
    "and",
    "the",
    "services",
    "equipment",
    "software",
    "maintenance",
    "support",
    "supplies",
    "network",
    "security",
    "management",
    "systems",
    "vehicles",
    "installation",
    "repair",
    "training",
    "licenses",
    "hardware",
    "cloud",
    "consulting",
    "public",
    "safety",
    "water",
    "records",
    "office",
    "furniture",
    "parts",
    "fleet",
    "road",
    "paving",
    "traffic",
    "signal",
    "radio",
    "communications",
    "library",
    "school",
    "technology",
    "data",
    "storage",
    "backup",
    "printing",
    "copiers",
    "janitorial",
    "electrical",
    "plumbing",
    "roofing",
    "hvac",
    "lighting",
    "playground",
    "uniforms",
    "body",
    "cameras",
    "utility",
    "billing",
    "permitting",
    "payroll",
    "finance",
    "accounting",
    "asset",
    "inventory",
    "gis",
    "mapping",
    "telephone",
    "internet",
    "wireless",
    "fiber",
    "servers",
    "laptops",
    "tablets",
    "desktops",
    "monitors",
    "peripherals",
];
const SYLLABLES: &[&str] = &[
    "ka", "vo", "tre", "lin", "mar", "qua", "zen", "dor", "pel", "ros", "tix", "nu", "bra", "sol",
    "fen", "gar", "hol", "jun", "mek", "oru", "pax", "ril", "sto", "tav", "ulm", "ver",
];
pub const COOPERATIVES: &[&str] = &[
    "Sourcewell",
    "NASPO ValuePoint",
    "OMNIA Partners",
    "TIPS",
    "BuyBoard",
    "HGACBuy",
    "NCPA",
    "GSA Cooperative Purchasing",
];
const STATES: &[&str] = &["TX", "CA", "NM", "MN", "CO", "WA", "OR", "NY", "FL", "AZ"];
const ENTITIES: &[&str] = &[
    "city",
    "county",
    "school district",
    "special district",
    "non-profit",
];

pub struct Vocabulary {
    pub words: Vec<String>,
    /// Cumulative Zipf weights, for sampling by rank.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(rng: &mut Rng, size: usize) -> Vocabulary {
        let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
        while words.len() < size {
            let n = 2 + rng.below(3);
            let word: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            if !words.contains(&word) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        // Zipf–Mandelbrot (1 / (rank + 150)): the head words appear in a few to twenty
        // percent of contracts, not in all of them; the tail in a handful each.
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 150.0);
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let target = rng.unit() * self.cumulative.last().unwrap();
        let index = self.cumulative.partition_point(|&c| c < target);
        &self.words[index.min(self.words.len() - 1)]
    }

    fn text(&self, rng: &mut Rng, min: usize, max: usize) -> String {
        let n = min + rng.below(max - min + 1);
        (0..n).map(|_| self.word(rng)).collect::<Vec<_>>().join(" ")
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn generate(rng: &mut Rng, vocabulary: &Vocabulary, vendors: &[String], index: usize) -> Contract {
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let expiry = match rng.below(10) {
        0 => None,
        _ => Some(
            today
                .checked_add_days(Days::new(rng.below(6 * 365) as u64))
                .unwrap()
                - Days::new(3 * 365),
        ),
    };
    let vendor = &vendors[rng.below(vendors.len())];
    let letters: String = (0..3)
        .map(|_| (b'A' + rng.below(26) as u8) as char)
        .collect();
    Contract {
        cooperative: COOPERATIVES[rng.below(COOPERATIVES.len())].to_owned(),
        lead_agency: "Lead agency of the cooperative".to_owned(),
        contract_number: format!("{:06}-{letters}", index),
        number_variants: vec![format!("RFP #{:06}", index)],
        title: capitalised(&vocabulary.text(rng, 4, 10)),
        vendor_name: vendor.clone(),
        vendor_aliases: if rng.below(3) == 0 {
            vec![vendor.to_uppercase()]
        } else {
            Vec::new()
        },
        category: capitalised(vocabulary.word(rng)),
        nigp_codes: vec![format!("{}-{:02}", 200 + rng.below(700), rng.below(100))],
        // One description in four has a hyphenated word ("cloud-based"), so a quarter of
        // the long texts are indexed twice, split and joined.
        description: if rng.below(4) == 0 {
            capitalised(&format!(
                "{} {}-{}",
                vocabulary.text(rng, 30, 70),
                vocabulary.word(rng),
                vocabulary.word(rng)
            ))
        } else {
            capitalised(&vocabulary.text(rng, 30, 70))
        },
        keywords: (0..3 + rng.below(4))
            .map(|_| vocabulary.word(rng).to_owned())
            .collect(),
        expiry_date: expiry,
        entity_types: ENTITIES
            .iter()
            .filter(|_| rng.below(2) == 0)
            .map(|e| e.to_string())
            .collect(),
        eligible_states: if rng.below(4) == 0 {
            STATES
                .iter()
                .filter(|_| rng.below(3) == 0)
                .map(|s| s.to_string())
                .collect()
        } else {
            Vec::new()
        },
        notes: capitalised(&vocabulary.text(rng, 15, 40)),
        tags: vec![vocabulary.word(rng).to_owned()],
        ..Contract::default()
    }
}
