//! Remembering what raw cell bytes stand for, so that each distinct value of a column is
//! decoded and resolved once and every later row finds it by a few instructions.

use std::collections::HashMap;

/// A hash map with rustc's "Fx" hash (rustc-hash 1.x: a rotate, xor and multiply a word): for
/// the short keys here it is several times quicker than the default SipHash, whose protection
/// against crafted collisions a local build does not need. README says why not 2.x.
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;

/// A map from raw cell bytes to what they stand for. Cells of up to 15 bytes (ids, channel
/// names: nearly all) are packed into two words and found in an open-addressing table with
/// one multiply and a compare of two words; longer ones by their bytes in a hash map.
pub struct CellCache<T> {
    /// `(low word, high word with the occupied bit, value)`; all zero when empty. At most
    /// half full, so a search ends within a slot or two.
    slots: Vec<(u64, u64, T)>,
    used: usize,
    long: FastMap<Box<[u8]>, T>,
}

/// Set in the high word of an occupied slot (a packed key's length stops at bit 59).
const OCCUPIED: u64 = 1 << 63;

/// For a key of `n` bytes, the bits of the low and the high word that hold it: a table,
/// because computing them takes branches in the hottest loop of ingest.
const KEEP: [(u64, u64); 16] = {
    const fn bits(bytes: usize) -> u64 {
        if bytes >= 8 { u64::MAX } else { (1u64 << (8 * bytes)) - 1 }
    }
    let mut keep = [(0, 0); 16];
    let mut n = 0;
    while n < 16 {
        keep[n] = (bits(n), bits(n.saturating_sub(8)));
        n += 1;
    }
    keep
};

impl<T: Copy + Default> Default for CellCache<T> {
    fn default() -> Self {
        CellCache { slots: vec![(0, 0, T::default()); 16], used: 0, long: FastMap::default() }
    }
}

impl<T: Copy + Default> CellCache<T> {
    /// `raw` and its length in two words; `None` above 15 bytes. `tail` is `raw` and what
    /// follows it in memory: with 16 bytes there, the words are two loads and a mask.
    #[inline(always)]
    fn packed(raw: &[u8], tail: &[u8]) -> Option<(u64, u64)> {
        let length = raw.len();
        if length > 15 {
            return None;
        }
        let (low, high) = match tail.get(..16) {
            Some(words) => {
                let (low_mask, high_mask) = KEEP[length];
                (
                    u64::from_le_bytes(words[..8].try_into().expect("8 bytes")) & low_mask,
                    u64::from_le_bytes(words[8..].try_into().expect("8 bytes")) & high_mask,
                )
            }
            None => {
                let word = |bytes: &[u8]| bytes.iter().rev().fold(0, |word, &b| (word << 8) | u64::from(b));
                (word(&raw[..length.min(8)]), word(&raw[length.min(8)..]))
            }
        };
        Some((low, high | (length as u64) << 56 | OCCUPIED))
    }

    /// The first slot to look in: the top bits of a multiplicative hash.
    #[inline(always)]
    fn home(&self, (low, high): (u64, u64)) -> usize {
        let hash = (low ^ high.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// What `raw` stands for; `tail` is `raw` and the bytes after it (see [`Self::packed`]).
    #[inline]
    pub fn get(&self, raw: &[u8], tail: &[u8]) -> Option<T> {
        let Some(key) = Self::packed(raw, tail) else { return self.get_long(raw) };
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            let (low, high, value) = self.slots[at];
            if (low, high) == key {
                return Some(value);
            }
            if high == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// A cell of more than 15 bytes, found by hashing its bytes: kept out of the row loop,
    /// whose common case is the packed one.
    #[inline(never)]
    fn get_long(&self, raw: &[u8]) -> Option<T> {
        self.long.get(raw).copied()
    }

    /// Remembers what `raw` stands for (it is not there yet).
    pub fn insert(&mut self, raw: &[u8], value: T) {
        let Some(key) = Self::packed(raw, raw) else {
            self.long.insert(raw.into(), value);
            return;
        };
        if 2 * (self.used + 1) > self.slots.len() {
            let wider = vec![(0, 0, T::default()); 2 * self.slots.len()];
            let old = std::mem::replace(&mut self.slots, wider);
            self.used = 0;
            for (low, high, value) in old.into_iter().filter(|&(_, high, _)| high != 0) {
                self.place((low, high), value);
            }
        }
        self.place(key, value);
    }

    fn place(&mut self, key: (u64, u64), value: T) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        while self.slots[at].1 != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = (key.0, key.1, value);
        self.used += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_every_length_are_found_with_or_without_bytes_after_them() {
        let mut cache = CellCache::<u32>::default();
        let cells: Vec<String> = (0..500).map(|i| format!("{}{i}", "x".repeat(i % 20))).collect();
        for (i, cell) in cells.iter().enumerate() {
            assert_eq!(cache.get(cell.as_bytes(), cell.as_bytes()), None);
            cache.insert(cell.as_bytes(), i as u32);
        }
        assert_eq!(cache.get(b"", b""), None, "the empty cell is not an empty slot");
        cache.insert(b"", 9999);
        for (i, cell) in cells.iter().enumerate() {
            // The same cell inside a row: what follows it must not matter.
            let row = format!("{cell},after,the,cell,and,more");
            assert_eq!(cache.get(cell.as_bytes(), row.as_bytes()), Some(i as u32), "{cell}");
            assert_eq!(cache.get(cell.as_bytes(), cell.as_bytes()), Some(i as u32), "{cell}");
        }
        assert_eq!(cache.get(b"", b",x,y,z,w,v,u,t,s,r"), Some(9999));
        assert_eq!(cache.get(b"xx1", b"xx1"), None, "a cell that was never inserted");
    }
}
