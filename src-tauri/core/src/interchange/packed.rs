//! A contract packed into one allocation, for the candidates a plan holds.
//!
//! A plan keeps every candidate of a file until the clerk decides. As a [`Contract`]
//! each is about 2 KB for a 490-byte CSV row: some 700 bytes of `String`s and `Vec`s,
//! most of them empty, plus one heap block per field and list item. Packed, it is its
//! text plus a byte or two per field, in one block — a 100,000-row plan holds about
//! 60 MB instead of 220 MB. A candidate is unpacked when it is checked, compared and
//! written.
//!
//! Packing is exact: text byte for byte, money as `Decimal`'s own 16 bytes, dates as
//! day numbers, so `PackedContract::pack(&c).unpack() == c` for every contract.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::library::contract::{AwardType, ValueKind};
use crate::library::Contract;

/// A [`Contract`] as bytes: the key (cooperative, contract number, vendor) first, so a
/// plan reads it without unpacking.
#[derive(Clone, PartialEq, Eq)]
pub struct PackedContract(Box<[u8]>);

impl PackedContract {
    pub fn pack(contract: &Contract) -> PackedContract {
        let Contract {
            id,
            cooperative,
            lead_agency,
            contract_number,
            number_variants,
            title,
            vendor_name,
            vendor_aliases,
            vendor_contact,
            vendor_email,
            vendor_phone,
            small_business,
            local_states,
            minority_owned,
            woman_owned,
            veteran_owned,
            category,
            nigp_codes,
            unspsc_codes,
            description,
            keywords,
            solicitation_number,
            solicitation_method,
            solicitation_issued,
            response_count,
            cooperative_clause,
            award_type,
            awardee_count,
            award_date,
            effective_date,
            expiry_date,
            expiry_as_published,
            renewal_options,
            renewal_count,
            renewal_months,
            renewals_used,
            final_expiry_date,
            entity_types,
            eligible_states,
            eligibility_notes,
            pricing_basis,
            admin_fee_percent,
            admin_fee_notes,
            value,
            value_kind,
            warranty,
            insurance_notes,
            sources,
            last_verified,
            notes,
            tags,
        } = contract;
        let mut out = Packer(Vec::with_capacity(256));
        out.text(cooperative);
        out.text(contract_number);
        out.text(vendor_name);
        out.id(*id);
        out.text(lead_agency);
        out.list(number_variants);
        out.text(title);
        out.list(vendor_aliases);
        out.text(vendor_contact);
        out.text(vendor_email);
        out.text(vendor_phone);
        out.yes_no(*small_business);
        out.list(local_states);
        out.yes_no(*minority_owned);
        out.yes_no(*woman_owned);
        out.yes_no(*veteran_owned);
        out.text(category);
        out.list(nigp_codes);
        out.list(unspsc_codes);
        out.text(description);
        out.list(keywords);
        out.text(solicitation_number);
        out.text(solicitation_method);
        out.date(*solicitation_issued);
        out.count(*response_count);
        out.yes_no(*cooperative_clause);
        out.award_type(*award_type);
        out.count(*awardee_count);
        out.date(*award_date);
        out.date(*effective_date);
        out.date(*expiry_date);
        out.text(expiry_as_published);
        out.text(renewal_options);
        out.count(*renewal_count);
        out.count(*renewal_months);
        out.count(*renewals_used);
        out.date(*final_expiry_date);
        out.list(entity_types);
        out.list(eligible_states);
        out.text(eligibility_notes);
        out.text(pricing_basis);
        out.decimal(*admin_fee_percent);
        out.text(admin_fee_notes);
        out.decimal(*value);
        out.value_kind(*value_kind);
        out.text(warranty);
        out.text(insurance_notes);
        out.list(sources);
        out.date(*last_verified);
        out.text(notes);
        out.list(tags);
        PackedContract(out.0.into_boxed_slice())
    }

    pub fn unpack(&self) -> Contract {
        let mut input = Unpacker(&self.0);
        // Struct fields are evaluated in the order written, which is the packing order.
        Contract {
            cooperative: input.text().to_owned(),
            contract_number: input.text().to_owned(),
            vendor_name: input.text().to_owned(),
            id: input.id(),
            lead_agency: input.text().to_owned(),
            number_variants: input.list(),
            title: input.text().to_owned(),
            vendor_aliases: input.list(),
            vendor_contact: input.text().to_owned(),
            vendor_email: input.text().to_owned(),
            vendor_phone: input.text().to_owned(),
            small_business: input.yes_no(),
            local_states: input.list(),
            minority_owned: input.yes_no(),
            woman_owned: input.yes_no(),
            veteran_owned: input.yes_no(),
            category: input.text().to_owned(),
            nigp_codes: input.list(),
            unspsc_codes: input.list(),
            description: input.text().to_owned(),
            keywords: input.list(),
            solicitation_number: input.text().to_owned(),
            solicitation_method: input.text().to_owned(),
            solicitation_issued: input.date(),
            response_count: input.count(),
            cooperative_clause: input.yes_no(),
            award_type: input.award_type(),
            awardee_count: input.count(),
            award_date: input.date(),
            effective_date: input.date(),
            expiry_date: input.date(),
            expiry_as_published: input.text().to_owned(),
            renewal_options: input.text().to_owned(),
            renewal_count: input.count(),
            renewal_months: input.count(),
            renewals_used: input.count(),
            final_expiry_date: input.date(),
            entity_types: input.list(),
            eligible_states: input.list(),
            eligibility_notes: input.text().to_owned(),
            pricing_basis: input.text().to_owned(),
            admin_fee_percent: input.decimal(),
            admin_fee_notes: input.text().to_owned(),
            value: input.decimal(),
            value_kind: input.value_kind(),
            warranty: input.text().to_owned(),
            insurance_notes: input.text().to_owned(),
            sources: input.list(),
            last_verified: input.date(),
            notes: input.text().to_owned(),
            tags: input.list(),
        }
    }

    /// Cooperative, contract number and vendor: what makes a contract the same contract.
    pub fn key(&self) -> (&str, &str, &str) {
        let mut input = Unpacker(&self.0);
        (input.text(), input.text(), input.text())
    }
}

impl Default for PackedContract {
    fn default() -> Self {
        PackedContract::pack(&Contract::default())
    }
}

impl std::fmt::Debug for PackedContract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.unpack().fmt(f)
    }
}

impl From<Contract> for PackedContract {
    fn from(contract: Contract) -> Self {
        PackedContract::pack(&contract)
    }
}

struct Packer(Vec<u8>);

impl Packer {
    /// LEB128: one byte for lengths under 128, which is nearly every field.
    fn length(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn text(&mut self, text: &str) {
        self.length(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn list(&mut self, items: &[String]) {
        self.length(items.len());
        for item in items {
            self.text(item);
        }
    }

    fn id(&mut self, id: Option<i64>) {
        match id {
            None => self.0.push(0),
            Some(id) => {
                self.0.push(1);
                self.0.extend_from_slice(&id.to_le_bytes());
            }
        }
    }

    fn date(&mut self, date: Option<NaiveDate>) {
        match date {
            None => self.0.push(0),
            Some(date) => {
                self.0.push(1);
                self.0
                    .extend_from_slice(&date.num_days_from_ce().to_le_bytes());
            }
        }
    }

    fn count(&mut self, count: Option<u32>) {
        match count {
            None => self.0.push(0),
            Some(count) => {
                self.0.push(1);
                self.0.extend_from_slice(&count.to_le_bytes());
            }
        }
    }

    fn yes_no(&mut self, answer: Option<bool>) {
        self.0.push(match answer {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
    }

    fn award_type(&mut self, award_type: Option<AwardType>) {
        self.0.push(match award_type {
            None => 0,
            Some(AwardType::Single) => 1,
            Some(AwardType::Multiple) => 2,
        });
    }

    fn value_kind(&mut self, kind: Option<ValueKind>) {
        self.0.push(match kind {
            None => 0,
            Some(ValueKind::Maximum) => 1,
            Some(ValueKind::Estimated) => 2,
            Some(ValueKind::Annual) => 3,
        });
    }

    fn decimal(&mut self, amount: Option<Decimal>) {
        match amount {
            None => self.0.push(0),
            Some(amount) => {
                self.0.push(1);
                self.0.extend_from_slice(&amount.serialize());
            }
        }
    }
}

/// Reads what [`Packer`] wrote, in the same order. The bytes never come from outside,
/// so a short or malformed input is a bug in this file, not a file's fault.
struct Unpacker<'a>(&'a [u8]);

impl<'a> Unpacker<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        self.take(N).try_into().expect("N bytes were taken")
    }

    fn length(&mut self) -> usize {
        let mut n = 0usize;
        let mut shift = 0;
        loop {
            let byte = self.take(1)[0];
            n |= usize::from(byte & 0x7F) << shift;
            if byte < 0x80 {
                return n;
            }
            shift += 7;
        }
    }

    fn text(&mut self) -> &'a str {
        let n = self.length();
        std::str::from_utf8(self.take(n)).expect("packed from a str")
    }

    fn list(&mut self) -> Vec<String> {
        let n = self.length();
        (0..n).map(|_| self.text().to_owned()).collect()
    }

    fn present(&mut self) -> bool {
        self.take(1)[0] != 0
    }

    fn id(&mut self) -> Option<i64> {
        self.present().then(|| i64::from_le_bytes(self.array()))
    }

    fn date(&mut self) -> Option<NaiveDate> {
        self.present().then(|| {
            NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(self.array()))
                .expect("packed from a date")
        })
    }

    fn count(&mut self) -> Option<u32> {
        self.present().then(|| u32::from_le_bytes(self.array()))
    }

    fn yes_no(&mut self) -> Option<bool> {
        match self.take(1)[0] {
            0 => None,
            1 => Some(false),
            _ => Some(true),
        }
    }

    fn award_type(&mut self) -> Option<AwardType> {
        match self.take(1)[0] {
            0 => None,
            1 => Some(AwardType::Single),
            _ => Some(AwardType::Multiple),
        }
    }

    fn value_kind(&mut self) -> Option<ValueKind> {
        match self.take(1)[0] {
            0 => None,
            1 => Some(ValueKind::Maximum),
            2 => Some(ValueKind::Estimated),
            _ => Some(ValueKind::Annual),
        }
    }

    fn decimal(&mut self) -> Option<Decimal> {
        self.present().then(|| Decimal::deserialize(self.array()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::sample;

    #[test]
    fn every_field_of_every_sample_contract_survives_packing() {
        for contract in sample::sample_library().unwrap().contracts {
            assert_eq!(PackedContract::pack(&contract).unpack(), contract);
        }
    }

    #[test]
    fn long_text_odd_dates_and_exact_money_survive_packing() {
        let contract = Contract {
            id: Some(-7),
            cooperative: "Sourcewell".into(),
            contract_number: "091521-NAF".into(),
            vendor_name: "O’Brien Peñasco LLC".into(),
            description: "x".repeat(300_000),
            keywords: vec![String::new(), "a".into(), "ü".repeat(200)],
            response_count: Some(u32::MAX),
            cooperative_clause: Some(false),
            award_type: Some(AwardType::Multiple),
            awardee_count: Some(4),
            small_business: Some(false),
            local_states: vec!["NM".into(), "TX".into()],
            veteran_owned: Some(true),
            award_date: NaiveDate::from_ymd_opt(-44, 3, 15),
            expiry_date: NaiveDate::from_ymd_opt(9999, 12, 31),
            admin_fee_percent: Some("1.2500".parse().unwrap()),
            value: Some("2500000.00".parse().unwrap()),
            value_kind: Some(ValueKind::Annual),
            ..Contract::default()
        };
        let packed = PackedContract::pack(&contract);
        assert_eq!(
            packed.key(),
            ("Sourcewell", "091521-NAF", "O’Brien Peñasco LLC")
        );
        let unpacked = packed.unpack();
        assert_eq!(unpacked, contract);
        assert_eq!(
            unpacked.admin_fee_percent.unwrap().to_string(),
            "1.2500",
            "the fee keeps its written scale"
        );
    }
}
