//! A yardstick printed beside benchmark figures, so runs on different instances of a shared
//! machine can be compared.

use std::time::Instant;

/// A yardstick for comparing runs on different machines (shared machines differ by 2× and
/// more from one day to the next): SHA-256 over 256 MiB on one core, and a loop of small
/// allocations, the two things this program's hot paths do most.
pub fn machine_speed() -> String {
    use sha2::Digest;
    let block = vec![7u8; 1 << 20];
    let t = Instant::now();
    let mut h = sha2::Sha256::new();
    for _ in 0..256 {
        h.update(&block);
    }
    std::hint::black_box(h.finalize());
    let sha = 256.0 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut total = 0usize;
    for i in 0..2_000_000usize {
        let s = format!("system-{i}");
        total += std::hint::black_box(s).len();
    }
    std::hint::black_box(total);
    let fmt = t.elapsed().as_secs_f64() * 1e9 / 2_000_000.0;
    format!("machine: sha256 {sha:.0} MiB/s on one core; format! of a short string {fmt:.0} ns")
}
