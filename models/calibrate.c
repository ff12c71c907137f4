/* Peak and sgemm measurements with a monotonic clock. */
#include "calibrate.h"
#include "clock.h"

#include <cblas.h>
#include <immintrin.h>
#include <stdlib.h>

#define CHAINS 12 /* independent accumulators: enough to cover FMA latency x pipes */

/* Each function runs `iters` rounds of 12 independent vector FMAs (enough
 * chains to cover FMA latency times pipes) and returns a value depending on
 * every result so the compiler keeps the work. Intrinsics, because ISO C
 * mode does not contract a * b + c into an FMA; separate variables, so the
 * chains stay in registers. */
#define FMA_ROUNDS(T, fmadd, add, set1)                                                    \
  T a = set1(0.999999f), b = set1(1e-7f);                                                   \
  T x0 = set1(1), x1 = set1(2), x2 = set1(3), x3 = set1(4), x4 = set1(5), x5 = set1(6);    \
  T x6 = set1(7), x7 = set1(8), x8 = set1(9), x9 = set1(10), x10 = set1(11), x11 = set1(12); \
  for (long it = 0; it < iters; it++) {                                                     \
    x0 = fmadd(x0, a, b), x1 = fmadd(x1, a, b), x2 = fmadd(x2, a, b);                      \
    x3 = fmadd(x3, a, b), x4 = fmadd(x4, a, b), x5 = fmadd(x5, a, b);                      \
    x6 = fmadd(x6, a, b), x7 = fmadd(x7, a, b), x8 = fmadd(x8, a, b);                      \
    x9 = fmadd(x9, a, b), x10 = fmadd(x10, a, b), x11 = fmadd(x11, a, b);                  \
  }                                                                                         \
  T sum = add(add(add(add(x0, x1), add(x2, x3)), add(add(x4, x5), add(x6, x7))),            \
              add(add(x8, x9), add(x10, x11)))

__attribute__((target("avx512f"))) static float fma512(long iters)
{
  FMA_ROUNDS(__m512, _mm512_fmadd_ps, _mm512_add_ps, _mm512_set1_ps);
  return _mm512_reduce_add_ps(sum);
}

__attribute__((target("avx2,fma"))) static float fma256(long iters)
{
  FMA_ROUNDS(__m256, _mm256_fmadd_ps, _mm256_add_ps, _mm256_set1_ps);
  float out[8], s = 0;
  _mm256_storeu_ps(out, sum);
  for (int i = 0; i < 8; i++)
    s += out[i];
  return s;
}

static float fma_scalar(long iters)
{
  float acc[CHAINS], a = 0.999999f, b = 1e-7f, s = 0;
  for (int c = 0; c < CHAINS; c++)
    acc[c] = (float)(c + 1);
  for (long it = 0; it < iters; it++)
    for (int c = 0; c < CHAINS; c++)
      acc[c] = acc[c] * a + b;
  for (int c = 0; c < CHAINS; c++)
    s += acc[c];
  return s;
}

volatile float og__calib_sink;

double og_calib_fma_peak(double seconds, const char **isa)
{
  float (*fn)(long) = fma_scalar;
  int lanes = 1;
  *isa = "scalar";
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f"))
    fn = fma512, lanes = 16, *isa = "AVX-512 FMA";
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    fn = fma256, lanes = 8, *isa = "AVX2 FMA";
  long iters = 1 << 16;
  double t;
  do { /* grow the loop until one run takes a fifth of the budget */
    double t0 = og_wall_now();
    og__calib_sink = fn(iters);
    t = og_wall_now() - t0;
    if (t < seconds / 5)
      iters *= 2;
  } while (t < seconds / 5);
  double best = 0;
  for (int r = 0; r < 5; r++) {
    double t0 = og_wall_now();
    og__calib_sink = fn(iters);
    double rate = (double)iters * CHAINS * lanes * 2 / (og_wall_now() - t0);
    best = rate > best ? rate : best;
  }
  return best;
}

enum og_status og_calib_sgemm(size_t m, size_t n, size_t k, double seconds, double *flops_per_s)
{
  float *a = malloc(m * k * sizeof *a), *b = malloc(k * n * sizeof *b);
  float *c = calloc(m * n, sizeof *c);
  if (!a || !b || !c) {
    free(a), free(b), free(c);
    return OG_ENOMEM;
  }
  for (size_t i = 0; i < m * k; i++)
    a[i] = (float)((i * 2654435761u) % 1000) * 1e-3f - 0.5f;
  for (size_t i = 0; i < k * n; i++)
    b[i] = (float)((i * 40503u) % 1000) * 1e-3f - 0.5f;
  openblas_set_num_threads(1);
  double flops = 2.0 * (double)m * (double)n * (double)k, best = 0, spent = 0;
  int runs = 0;
  while (runs < 3 || (spent < seconds && runs < 1000)) {
    double t0 = og_wall_now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)n, (int)k, 1.0f, a,
                (int)k, b, (int)n, 0.0f, c, (int)n);
    double dt = og_wall_now() - t0;
    spent += dt;
    runs++;
    if (runs > 1 && flops / dt > best) /* the first run warms caches and pages */
      best = flops / dt;
  }
  og__calib_sink = c[0];
  free(a), free(b), free(c);
  *flops_per_s = best;
  return OG_OK;
}

const char *og_calib_blas_config(void)
{
  return openblas_get_config();
}

const char *og_calib_blas_core(void)
{
  return openblas_get_corename();
}
