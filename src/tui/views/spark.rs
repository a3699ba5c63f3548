//! A sparkline inside a table cell.

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The last `width` values as bars scaled between their minimum and maximum.
pub fn sparkline(values: &[u64], width: usize) -> String {
    let tail = &values[values.len().saturating_sub(width)..];
    let (Some(min), Some(max)) = (tail.iter().min(), tail.iter().max()) else {
        return String::new();
    };
    let span = (max - min).max(1);
    tail.iter()
        .map(|v| BARS[(((v - min) * 7) / span).min(7) as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_between_min_and_max() {
        assert_eq!(sparkline(&[1, 5, 9], 10), "▁▄█");
        assert_eq!(sparkline(&[3, 3], 10), "▁▁");
        assert_eq!(sparkline(&[], 10), "");
        assert_eq!(sparkline(&[1, 2, 3, 4], 2), "▁█");
    }
}
