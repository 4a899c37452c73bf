/**
 * In-place iterative radix-2 FFT of a complex signal (separate real and imaginary arrays whose
 * length is a power of two). Used to find the strongest frequency for tests and recordings.
 */
export function fft(real: Float64Array, imaginary: Float64Array): void {
  const n = real.length;
  if (n !== imaginary.length || (n & (n - 1)) !== 0) throw new RangeError(`FFT length ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [real[i], real[j]] = [real[j] ?? 0, real[i] ?? 0];
      [imaginary[i], imaginary[j]] = [imaginary[j] ?? 0, imaginary[i] ?? 0];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    const stepReal = Math.cos(angle);
    const stepImaginary = Math.sin(angle);
    for (let start = 0; start < n; start += size) {
      let wReal = 1;
      let wImaginary = 0;
      for (let k = 0; k < size / 2; k++) {
        const a = start + k;
        const b = a + size / 2;
        const bReal = (real[b] ?? 0) * wReal - (imaginary[b] ?? 0) * wImaginary;
        const bImaginary = (real[b] ?? 0) * wImaginary + (imaginary[b] ?? 0) * wReal;
        real[b] = (real[a] ?? 0) - bReal;
        imaginary[b] = (imaginary[a] ?? 0) - bImaginary;
        real[a] = (real[a] ?? 0) + bReal;
        imaginary[a] = (imaginary[a] ?? 0) + bImaginary;
        const nextReal = wReal * stepReal - wImaginary * stepImaginary;
        wImaginary = wReal * stepImaginary + wImaginary * stepReal;
        wReal = nextReal;
      }
    }
  }
}
