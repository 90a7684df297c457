//! Splitting a survey file into rows and fields, quickly.
//!
//! Almost every line of an export has no quote: such a line is split at the separator
//! directly (a search for the line end and one pass for separators), several times quicker
//! than a general CSV parser. A line whose quotes only open and close whole fields on that
//! line (`"R_1","2026-05-01","a, b"`: every field of a Qualtrics export) is split in place too.
//! Any other line with a quote (a `""` inside, a line break inside, text after a closing
//! quote) is read by csv-core, the parser under the csv crate, so quoting rules are exactly
//! the csv crate's; the tests compare both with it.

use std::io::{self, Read};

/// Where a row starts: bytes from the start of the input, and its line (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowStart {
    pub byte: u64,
    pub line: usize,
}

/// One row's fields, borrowed from the reader until the next row is read.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    bytes: &'a [u8],
    bounds: &'a [(usize, usize)],
    unclosed: bool,
}

impl<'a> Row<'a> {
    /// A quoted field opened on this row never closed: the row ran to the end of the input.
    pub fn unclosed(&self) -> bool {
        self.unclosed
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// The field at `index`.
    pub fn get(&self, index: usize) -> Option<&'a [u8]> {
        self.bounds.get(index).map(|&(from, to)| &self.bytes[from..to])
    }

    /// The field at `index`, and the bytes from its start to the end of the reader's buffer
    /// (more than the field: lets a caller read whole words without a bounds check per byte).
    pub fn get_with_tail(&self, index: usize) -> Option<(&'a [u8], &'a [u8])> {
        self.bounds.get(index).map(|&(from, to)| (&self.bytes[from..to], &self.bytes[from..]))
    }

    /// Every field, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let bytes = self.bytes;
        self.bounds.iter().map(move |&(from, to)| &bytes[from..to])
    }
}

/// Reads rows from `input`.
pub struct RowReader<R> {
    input: R,
    buffer: Vec<u8>,
    /// The unread bytes are `buffer[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    /// Bytes of the input before `buffer[start]`, and the line `buffer[start]` is on.
    consumed: u64,
    line: usize,
    delimiter: u8,
    /// `\n`, or `\r` for files written with old Mac line ends.
    line_end: u8,
    /// The separator, the quote and the line end, found a block at a time by [`Marks`].
    marks: Marks,
    quoted: csv_core::Reader,
    /// A quoted row's fields as csv-core writes them: their bytes, and where each ends.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The current row's fields, as ranges of the buffer from `line_start` (or, for a row
    /// with quotes, of `fields`).
    bounds: Vec<(usize, usize)>,
    line_start: usize,
    quoted_row: bool,
    unclosed: bool,
}

impl<R: Read> RowReader<R> {
    /// A reader of rows separated by `line_end` with fields separated by `delimiter`.
    pub fn new(input: R, delimiter: u8, line_end: u8) -> RowReader<R> {
        RowReader {
            input,
            buffer: vec![0; 1 << 16],
            start: 0,
            end: 0,
            eof: false,
            consumed: 0,
            line: 1,
            delimiter,
            line_end,
            marks: Marks::new([delimiter, b'"', line_end]),
            quoted: csv_core::ReaderBuilder::new()
                .delimiter(delimiter)
                .terminator(csv_core::Terminator::Any(line_end))
                .build(),
            fields: vec![0; 1 << 12],
            ends: vec![0; 64],
            bounds: Vec::with_capacity(64),
            line_start: 0,
            quoted_row: false,
            unclosed: false,
        }
    }

    /// Where the next row would start (at the end: the end of the input).
    pub fn position(&self) -> RowStart {
        RowStart { byte: self.consumed, line: self.line }
    }

    /// The row [`Self::read`] read last.
    pub fn row(&self) -> Row<'_> {
        match self.quoted_row {
            true => Row { bytes: &self.fields, bounds: &self.bounds, unclosed: self.unclosed },
            false => Row { bytes: &self.buffer[self.line_start..], bounds: &self.bounds, unclosed: false },
        }
    }

    /// Reads the next row, then found with [`Self::row`]; `None` at the end of the input.
    /// (Returning the row itself would copy it through the result on every row.)
    pub fn read(&mut self) -> io::Result<Option<RowStart>> {
        loop {
            let unread = &self.buffer[self.start..self.end];
            // One pass for separators, quotes and the line end: a quote sends the row to csv-core.
            self.bounds.clear();
            let mut from = 0;
            let mut line_length = None;
            let marks = &self.marks;
            let mut blocks = unread.chunks_exact(Marks::BLOCK);
            let mut block_start = 0;
            for block in &mut blocks {
                let [separators, quotes, ends] = marks.find(block);
                // Marks below the block's first line end belong to this row (a mask of the
                // bits under the lowest one set; all bits when there is no line end).
                let in_row = (ends & ends.wrapping_neg()).wrapping_sub(1);
                if quotes & in_row != 0 {
                    return self.read_with_quotes().map(Some);
                }
                let mut separators = separators & in_row;
                while separators != 0 {
                    let at = block_start + Marks::offset(separators);
                    separators &= separators - 1;
                    self.bounds.push((from, at));
                    from = at + 1;
                }
                if ends != 0 {
                    line_length = Some(block_start + Marks::offset(ends));
                    break;
                }
                block_start += Marks::BLOCK;
            }
            if line_length.is_none() {
                for (offset, &byte) in blocks.remainder().iter().enumerate() {
                    let at = block_start + offset;
                    if byte == b'"' {
                        return self.read_with_quotes().map(Some);
                    } else if byte == self.delimiter {
                        self.bounds.push((from, at));
                        from = at + 1;
                    } else if byte == self.line_end {
                        line_length = Some(at);
                        break;
                    }
                }
            }
            let (length, complete) = match line_length {
                Some(at) => (at, true),
                None if self.eof && unread.is_empty() => return Ok(None),
                None if self.eof => (unread.len(), false),
                None => {
                    self.fill()?;
                    continue;
                }
            };
            let mut end = length;
            if self.line_end == b'\n' && end > from && unread[end - 1] == b'\r' {
                end -= 1;
            }
            self.bounds.push((from, end));
            let row = self.position();
            (self.line_start, self.quoted_row) = (self.start, false);
            self.advance(length + usize::from(complete));
            self.line += 1;
            return Ok(Some(row));
        }
    }

    /// Reads a row with quotes: split in place when its quotes only open and close whole
    /// fields of one line, else by csv-core.
    fn read_with_quotes(&mut self) -> io::Result<RowStart> {
        match self.split_simply_quoted() {
            Some(row) => Ok(row),
            None => self.read_quoted(),
        }
    }

    /// Splits the next line if each of its fields is unquoted without a quote in it, or one
    /// quoted run without a quote or line end in it, followed by the separator or the line's
    /// end; `None` (and nothing read) otherwise, or when the line's end is not in the buffer.
    /// The line's separators and quotes are found sixteen bytes at a time, as in
    /// [`Self::read`]: a search for each closing quote cost more than the split (Qualtrics
    /// quotes every field). The block loop is written out here and there, not shared through
    /// a scanner taking a closure: that was 5% slower on an all-quoted export.
    fn split_simply_quoted(&mut self) -> Option<RowStart> {
        let line = &self.buffer[self.start..self.end];
        self.bounds.clear();
        let mut field = QuotedField::Starts(0);
        let mut length = None;
        let mut blocks = line.chunks_exact(Marks::BLOCK);
        let mut block_start = 0;
        for block in &mut blocks {
            let [separators, quotes, ends] = self.marks.find(block);
            let in_row = (ends & ends.wrapping_neg()).wrapping_sub(1);
            let mut marks = (separators | quotes) & in_row;
            while marks != 0 {
                let quote = quotes & marks & marks.wrapping_neg() != 0;
                field = field.next(block_start + Marks::offset(marks), quote, &mut self.bounds)?;
                marks &= marks - 1;
            }
            if ends != 0 {
                length = Some(block_start + Marks::offset(ends));
                break;
            }
            block_start += Marks::BLOCK;
        }
        if length.is_none() {
            for (offset, &byte) in blocks.remainder().iter().enumerate() {
                let at = block_start + offset;
                if byte == self.line_end {
                    length = Some(at);
                    break;
                } else if byte == b'"' || byte == self.delimiter {
                    field = field.next(at, byte == b'"', &mut self.bounds)?;
                }
            }
        }
        let length = length?;
        let crlf = self.line_end == b'\n';
        let before_end = |at: usize| at == length || (crlf && at + 1 == length && line[at] == b'\r');
        match field {
            QuotedField::Starts(at) => {
                let to = if crlf && length > at && line[length - 1] == b'\r' { length - 1 } else { length };
                self.bounds.push((at, to));
            }
            QuotedField::Closed(open, close) if before_end(close + 1) => self.bounds.push((open + 1, close)),
            QuotedField::Closed(..) | QuotedField::Open(_) => return None,
        }
        let row = self.position();
        (self.line_start, self.quoted_row, self.unclosed) = (self.start, false, false);
        self.advance(length + 1);
        self.line += 1;
        Some(row)
    }

    /// Reads a row with quotes, which may span lines, with csv-core.
    fn read_quoted(&mut self) -> io::Result<RowStart> {
        use csv_core::ReadRecordResult::*;
        let row = self.position();
        let (mut written, mut ended, mut quotes) = (0, 0, 0);
        loop {
            let (result, read, wrote, ends) = self.quoted.read_record(
                &self.buffer[self.start..self.end],
                &mut self.fields[written..],
                &mut self.ends[ended..],
            );
            let consumed = &self.buffer[self.start..self.start + read];
            self.line += memchr::memchr_iter(self.line_end, consumed).count();
            quotes += memchr::memchr_iter(b'"', consumed).count();
            self.advance(read);
            written += wrote;
            ended += ends;
            match result {
                InputEmpty if self.eof => continue, // csv-core finishes the row on empty input
                InputEmpty => self.fill()?,
                OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record | End => break,
            }
        }
        self.bounds.clear();
        let mut from = 0;
        for &to in &self.ends[..ended] {
            self.bounds.push((from, to));
            from = to;
        }
        // The line end's `\r` of a CRLF file stays on the last field.
        if let Some(last) = self.bounds.last_mut()
            && self.line_end == b'\n'
            && last.1 > last.0
            && self.fields[last.1 - 1] == b'\r'
        {
            last.1 -= 1;
        }
        // An odd number of quotes over several lines up to the end: a quote never closed.
        self.unclosed = quotes % 2 == 1 && self.eof && self.start == self.end && self.line > row.line + 1;
        self.quoted_row = true;
        Ok(row)
    }

    fn advance(&mut self, bytes: usize) {
        self.start += bytes;
        self.consumed += bytes as u64;
    }

    /// Reads more input behind the unread bytes, making room (or a bigger buffer) first.
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buffer.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buffer.len() {
            self.buffer.resize(self.buffer.len() * 2, 0);
        }
        let read = self.input.read(&mut self.buffer[self.end..])?;
        self.end += read;
        self.eof = read == 0;
        Ok(())
    }
}

/// Finds the separator, the quote and the line end in a block of bytes at once.
trait FindMarks {
    const BLOCK: usize;
    const MASK_BITS_PER_BYTE: u32;

    /// A finder of `bytes`, made once a reader so that a block costs only its comparisons.
    fn new(bytes: [u8; 3]) -> Self;

    /// For each of the bytes, a mask with a bit set for each place of `block` holding it.
    fn find(&self, block: &[u8]) -> [u64; 3];

    /// The byte offset in its block of the lowest mark of a mask from [`Self::find`].
    fn offset(marks: u64) -> usize {
        (marks.trailing_zeros() / Self::MASK_BITS_PER_BYTE) as usize
    }
}

/// How this build finds marks: SSE2 where the target has it (every x86-64 processor does).
/// Where [`RowReader::split_simply_quoted`] is in a line: at the start of a field (unquoted
/// until a quote opens it there), inside a quoted field, or just after its closing quote.
#[derive(Clone, Copy)]
enum QuotedField {
    Starts(usize),
    Open(usize),
    Closed(usize, usize),
}

impl QuotedField {
    /// After the separator or quote (`quote`) at `at`; `None` where the line is not simply
    /// quoted (a quote inside an unquoted field, `""`, text after a closing quote).
    fn next(self, at: usize, quote: bool, bounds: &mut Vec<(usize, usize)>) -> Option<QuotedField> {
        match (self, quote) {
            (QuotedField::Starts(start), true) if at == start => Some(QuotedField::Open(at)),
            (QuotedField::Starts(_), true) => None,
            (QuotedField::Starts(start), false) => {
                bounds.push((start, at));
                Some(QuotedField::Starts(at + 1))
            }
            (QuotedField::Open(open), true) => Some(QuotedField::Closed(open, at)),
            (QuotedField::Open(open), false) => Some(QuotedField::Open(open)), // a separator in the quotes
            (QuotedField::Closed(open, close), false) if at == close + 1 => {
                bounds.push((open + 1, close));
                Some(QuotedField::Starts(at + 1))
            }
            (QuotedField::Closed(..), _) => None,
        }
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
type Marks = Sse2;
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
type Marks = Swar;

/// Sixteen bytes compared at once, bit `i` of a mask for byte `i`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
struct Sse2([std::arch::x86_64::__m128i; 3]);

// The one place ingest needs unsafe: a function compiled for SSE2 can only be entered through
// `unsafe`, even where the whole build targets it, and the SSE2 load takes a raw pointer.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[allow(unsafe_code)]
impl FindMarks for Sse2 {
    const BLOCK: usize = 16;
    const MASK_BITS_PER_BYTE: u32 = 1;

    fn new(bytes: [u8; 3]) -> Sse2 {
        #[target_feature(enable = "sse2")]
        fn broadcast(bytes: [u8; 3]) -> Sse2 {
            Sse2(bytes.map(|byte| std::arch::x86_64::_mm_set1_epi8(byte as i8)))
        }
        // SAFETY: `broadcast` needs SSE2, its only requirement. This impl is compiled only where
        // the target has SSE2 (the `cfg` above; every x86-64 processor does), so the processor
        // running it has it.
        unsafe { broadcast(bytes) }
    }

    fn find(&self, block: &[u8]) -> [u64; 3] {
        #[target_feature(enable = "sse2")]
        fn find_sse2(marks: &Sse2, block: &[u8; 16]) -> [u64; 3] {
            use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8};
            // SAFETY: `block` is a `&[u8; 16]`, so the pointer is valid for reading the sixteen
            // bytes the load reads, and `_mm_loadu_si128` needs no alignment.
            let block = unsafe { _mm_loadu_si128(block.as_ptr().cast()) };
            marks.0.map(|mark| _mm_movemask_epi8(_mm_cmpeq_epi8(block, mark)) as u16 as u64)
        }
        // SAFETY: `find_sse2` needs SSE2, its only requirement; as in `new`, this impl is
        // compiled only where the target has it.
        unsafe { find_sse2(self, block.try_into().expect("a block of 16 bytes")) }
    }
}

/// Eight bytes in a word, bit `8i + 7` of a mask for byte `i` (the "SWAR" trick: a byte equal
/// to the one looked for becomes zero after an XOR, and a zero byte is found with carries
/// that stay inside their byte, so there are no false matches). Kept on x86-64 for its tests.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
struct Swar([u64; 3]);

impl FindMarks for Swar {
    const BLOCK: usize = 8;
    const MASK_BITS_PER_BYTE: u32 = 8;

    fn new(bytes: [u8; 3]) -> Swar {
        Swar(bytes.map(|byte| u64::from(byte) * 0x0101_0101_0101_0101))
    }

    fn find(&self, block: &[u8]) -> [u64; 3] {
        const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let word = u64::from_le_bytes(block.try_into().expect("8 bytes"));
        let zero_bytes = |x: u64| !(((x & LOW_SEVEN) + LOW_SEVEN) | x) & !LOW_SEVEN;
        self.0.map(|repeated| zero_bytes(word ^ repeated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows as lists of fields.
    type Rows = Vec<Vec<Vec<u8>>>;

    /// Every row as fields, read by this reader and by the csv crate.
    fn both(input: &[u8]) -> (Rows, Rows) {
        both_ending(input, b'\n')
    }

    /// The same, with rows ended by `line_end`.
    fn both_ending(input: &[u8], line_end: u8) -> (Rows, Rows) {
        let mut fast = RowReader::new(input, b',', line_end);
        let mut ours = Vec::new();
        while fast.read().unwrap().is_some() {
            ours.push(fast.row().iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
        }
        let terminator = if line_end == b'\n' { csv::Terminator::CRLF } else { csv::Terminator::Any(line_end) };
        let mut csv =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).terminator(terminator).from_reader(input);
        let theirs = csv
            .byte_records()
            .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect::<Vec<_>>())
            .filter(|r| !(r.len() == 1 && r[0].is_empty()))
            .collect();
        let ours = ours.into_iter().filter(|r| !(r.len() == 1 && r[0].is_empty())).collect();
        (ours, theirs)
    }

    #[test]
    fn rows_are_the_csv_crates_rows() {
        for input in [
            &b"a,b,c\n1,2,3\n"[..],
            b"a,b\r\n1,2\r\n\r\n3,4",
            b"id,comment\n1,\"two\nlines, and \"\"quotes\"\"\"\n2,plain\n",
            b"id,comment\r\n1,\"crlf\r\ninside\"\r\n2,x\r\n",
            b"a,,c,\n,,,\n\"\",\"\"\"\",x\n",
            b"1,\"unterminated\n2,3\n",
            b"x,y\"z,w\n",
            // Quotes that only open and close whole fields (split in place), and their neighbours
            // that go to csv-core: `""` inside, text after the closing quote, a line break inside.
            b"\"R_1\",\"2026-05-01 10:00\",\"a, b\",\"\",7\n\"R_2\",,\"x\"\r\n\"R_3\",\"\"\"q\"\"\",\"y\"z,\"end\"\n",
            b"\"a\",\"b\",\n\"c\"\r\n\"d\r\ne\",f\n\"\"\n,\"\"\r\n\"last\"",
        ] {
            let (ours, theirs) = both(input);
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn rows_know_their_byte_and_line_across_refills() {
        let mut input = Vec::new();
        let mut starts = Vec::new();
        let mut line = 1;
        for i in 0..20_000 {
            starts.push(RowStart { byte: input.len() as u64, line });
            if i % 100 == 7 {
                input.extend_from_slice(format!("{i},\"a\nb\"\n").as_bytes());
                line += 2;
            } else {
                input.extend_from_slice(format!("{i},plain\n").as_bytes());
                line += 1;
            }
        }
        let mut reader = RowReader::new(&input[..], b',', b'\n');
        let mut seen = Vec::new();
        while let Some(start) = reader.read().unwrap() {
            seen.push(start);
        }
        assert_eq!(seen, starts);
        assert_eq!(reader.position(), RowStart { byte: input.len() as u64, line });
    }

    /// Every byte value next to every other, including the neighbours that carry (0x00,
    /// 0x80, 0xff), is found exactly where it is.
    fn finds_exactly_the_three_bytes<M: FindMarks>() {
        let wanted = [b';', b'"', b'\n'];
        for first in 0..=255u8 {
            for second in [0u8, 1, b'\n', b'"', b';', 0x7f, 0x80, 0xff, first] {
                let pattern = [first, second, first, 0x0a, second, 0xff, first, 0x3b];
                let block: Vec<u8> = pattern.iter().copied().cycle().take(M::BLOCK).collect();
                let offsets = |mut mask: u64| {
                    let mut found = Vec::new();
                    while mask != 0 {
                        found.push(M::offset(mask));
                        mask &= mask - 1;
                    }
                    found
                };
                let expected = wanted
                    .map(|w| block.iter().enumerate().filter(|(_, b)| **b == w).map(|(i, _)| i).collect::<Vec<_>>());
                assert_eq!(M::new(wanted).find(&block).map(offsets), expected, "{block:?}");
            }
        }
    }

    #[test]
    fn marks_are_found_exactly_by_every_way_of_finding_them() {
        finds_exactly_the_three_bytes::<Swar>();
        finds_exactly_the_three_bytes::<Marks>();
    }

    #[test]
    fn rows_longer_than_a_block_split_like_the_csv_crate_with_marks_at_every_offset() {
        for line_end in [b'\n', b'\r'] {
            let mut input = Vec::new();
            for row in 0..400usize {
                // Fields of 0 to 8 bytes, so separators, quotes and line ends fall at every
                // place of a block; every fifth row has a quoted field holding a separator and
                // (every tenth) a line end.
                for field in 0..(3 + row % 9) {
                    if field > 0 {
                        input.push(b',');
                    }
                    let length = (row * 7 + field * 3) % 9;
                    if row % 5 == 0 && field == row % 3 {
                        let inner = if row % 10 == 0 { vec![line_end] } else { b",".to_vec() };
                        input.extend([&b"\"q"[..], &inner, b"\"\"x\""].concat());
                    } else {
                        input.extend((0..length).map(|i| b'a' + ((row + i) % 26) as u8));
                    }
                }
                input.push(line_end);
            }
            let (ours, theirs) = both_ending(&input, line_end);
            assert_eq!(ours.len(), 400);
            assert_eq!(ours, theirs, "line end {line_end}");
        }
    }

    #[test]
    fn quoted_fields_at_every_offset_split_like_the_csv_crate() {
        let mut input = Vec::new();
        for row in 0..600usize {
            for field in 0..(2 + row % 23) {
                if field > 0 {
                    input.push(b',');
                }
                let length = (row * 5 + field * 7) % 19;
                let text: Vec<u8> = (0..length).map(|i| b"abc, de"[(row + field + i) % 7]).collect();
                match (row + field) % 11 {
                    // Quoted whole: split in place, separators inside and all.
                    0..=6 => input.extend([&b"\""[..], &text, b"\""].concat()),
                    // Unquoted (without its separators, which would make more fields).
                    7 | 8 => input.extend(text.iter().filter(|&&b| b != b',')),
                    // What goes to csv-core: text after the closing quote, a quote inside.
                    9 if row % 4 == 0 => input.extend([&b"\"x\"y"[..], &text].concat()),
                    9 => input.extend(b"\"a\"\"b\""),
                    _ => input.extend(b"empty\"\""),
                }
            }
            input.extend(if row % 3 == 0 { &b"\r\n"[..] } else { b"\n" });
        }
        let (ours, theirs) = both(&input);
        assert_eq!(ours.len(), 600);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn old_mac_line_ends() {
        let mut reader = RowReader::new(&b"a,b\r1,\"x\ry\"\r"[..], b',', b'\r');
        reader.read().unwrap();
        assert_eq!(reader.row().get(1), Some(&b"b"[..]));
        let start = reader.read().unwrap().unwrap();
        assert_eq!((start, reader.row().get(1)), (RowStart { byte: 4, line: 2 }, Some(&b"x\ry"[..])));
        assert!(reader.read().unwrap().is_none());
    }
}
