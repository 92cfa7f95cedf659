//! Source files and byte offsets → `file:line:col`.

use crate::model::Origin;
use std::sync::Arc;

/// One page as read from disk, with a line index so any byte offset maps to a line and column.
/// Cloning is cheap (the text and index are shared): each stage keeps the page it reads.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the input folder, `/`-separated (stable across machines).
    pub path: String,
    /// `Arc<String>` rather than `Arc<str>`: sharing the text read from disk without copying it.
    pub text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        let mut line_starts = Vec::with_capacity(text.len() / 32);
        line_starts.push(0);
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path: path.into(), text: Arc::new(text), line_starts: Arc::new(line_starts) }
    }

    /// 1-based line and column (in characters) of a byte offset; offsets past the end clamp.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }

    pub fn origin(&self, offset: usize) -> Origin {
        let (line, col) = self.line_col(offset);
        Origin { file: self.path.clone(), line, col }
    }

    /// Byte offset of the start of a 1-based line.
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line.max(1) - 1) as usize;
        self.line_starts.get(i).copied().unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines_and_columns() {
        let f = SourceFile::new("a.md", "ab\ncdé\nx");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(7), (2, 4)); // after the two-byte é
        assert_eq!(f.line_col(8), (3, 1));
        assert_eq!(f.line_col(999), (3, 2));
        assert_eq!(f.line_start(2), 3);
    }
}
