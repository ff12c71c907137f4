/* Unit tests: the runnable models' forward pass against plain triple-loop
 * references written here, and every cheating variant's output distance
 * against the honest noise of batching and BLAS threads. */
#include <cblas.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "net.h"

static const struct og_arch mlp = {.kind = OG_ARCH_MLP, .dtype_bytes = 4,
                                   .widths = {32, 64, 48, 8}, .n_widths = 4};
static const struct og_arch dec = {.kind = OG_ARCH_DECODER, .dtype_bytes = 4, .layers = 2,
                                   .hidden = 64, .heads = 4, .kv_heads = 2, .ffn = 128,
                                   .vocab = 256, .prompt_tokens = 16, .output_tokens = 1};

/* y (rows x m) = x (rows x k) W (k x m), naive, in double. */
static void ref_mm(const double *x, const float *w, double *y, size_t rows, size_t k, size_t m)
{
  for (size_t r = 0; r < rows; r++)
    for (size_t j = 0; j < m; j++) {
      double s = 0;
      for (size_t t = 0; t < k; t++)
        s += x[r * k + t] * w[t * m + j];
      y[r * m + j] = s;
    }
}

static void ref_mlp(const struct og_net *n, const float *in, double *out)
{
  double x[64], y[64];
  for (size_t i = 0; i < 32; i++)
    x[i] = in[i];
  for (size_t l = 0; l < 3; l++) {
    size_t k = mlp.widths[l], m = mlp.widths[l + 1];
    ref_mm(x, og__net_param(n, OG_P_MLP_W, l), y, 1, k, m);
    for (size_t j = 0; j < m; j++) {
      y[j] += og__net_param(n, OG_P_MLP_B, l)[j];
      x[j] = l < 2 && y[j] < 0 ? 0 : y[j];
    }
  }
  memcpy(out, x, 8 * sizeof *out);
}

static double rel_l2(const float *a, const double *b, size_t n)
{
  double d = 0, nb = 0;
  for (size_t i = 0; i < n; i++)
    d += (a[i] - b[i]) * (a[i] - b[i]), nb += b[i] * b[i];
  return sqrt(d / nb);
}

static void mlp_against_reference(void **state)
{
  (void)state;
  struct og_net *n = NULL;
  assert_int_equal(og_net_new(&mlp, 11, &n), OG_OK);
  float in[4 * 32], out[4 * 8];
  double want[8];
  for (int r = 0; r < 4; r++)
    og_net_input(n, 3, (uint64_t)r, in + r * 32);
  assert_int_equal(og_net_forward(n, OG_EXEC_HONEST, in, 4, out, 0), OG_OK);
  for (int r = 0; r < 4; r++) {
    ref_mlp(n, in + r * 32, want);
    double e = rel_l2(out + r * 8, want, 8);
    if (e > 1e-5)
      fail_msg("request %d: relative L2 error %g > 1e-5", r, e);
  }
  og_net_free(n);
}

/* The decoder of net_decoder.c written out with loops, in double. */
static void ref_norm(const double *x, const float *g, double *y, size_t h)
{
  double ss = 0;
  for (size_t i = 0; i < h; i++)
    ss += x[i] * x[i];
  for (size_t i = 0; i < h; i++)
    y[i] = x[i] / sqrt(ss / (double)h + 1e-5) * g[i];
}

static void ref_attention(const double *q, const double *k, const double *v, double *att)
{
  size_t P = 16, h = 64, d = 16, kvd = 32;
  for (size_t i = 0; i < P; i++)
    for (size_t hd = 0; hd < 4; hd++) {
      size_t kh = hd / 2;
      double p[16], mx = -INFINITY, sum = 0;
      for (size_t j = 0; j <= i; j++) {
        p[j] = 0;
        for (size_t t = 0; t < d; t++)
          p[j] += q[i * h + hd * d + t] * k[j * kvd + kh * d + t];
        p[j] /= 4.0; /* sqrt(16) */
        mx = fmax(mx, p[j]);
      }
      for (size_t j = 0; j <= i; j++)
        sum += (p[j] = exp(p[j] - mx));
      for (size_t t = 0; t < d; t++) {
        double o = 0;
        for (size_t j = 0; j <= i; j++)
          o += p[j] / sum * v[j * kvd + kh * d + t];
        att[i * h + hd * d + t] = o;
      }
    }
}

static void ref_decoder(const struct og_net *n, const float *tok, double *logits)
{
  enum { P = 16, H = 64, KV = 32, F = 128 };
  static double x[P * H], hn[P * H], q[P * H], k[P * KV], v[P * KV], att[P * H], t[P * H];
  static double g[P * F], u[P * F];
  const float *emb = og__net_param(n, OG_P_EMB, 0);
  for (size_t r = 0; r < P; r++)
    for (size_t i = 0; i < H; i++) {
      double f = (double)r / pow(10000.0, (double)(i - i % 2) / H);
      x[r * H + i] = emb[(size_t)tok[r] * H + i] + (i % 2 ? cos(f) : sin(f));
    }
  for (size_t l = 0; l < 2; l++) {
    for (size_t r = 0; r < P; r++)
      ref_norm(x + r * H, og__net_param(n, OG_P_NORM1, l), hn + r * H, H);
    ref_mm(hn, og__net_param(n, OG_P_WQ, l), q, P, H, H);
    ref_mm(hn, og__net_param(n, OG_P_WK, l), k, P, H, KV);
    ref_mm(hn, og__net_param(n, OG_P_WV, l), v, P, H, KV);
    ref_attention(q, k, v, att);
    ref_mm(att, og__net_param(n, OG_P_WO, l), t, P, H, H);
    for (size_t i = 0; i < P * H; i++)
      x[i] += t[i];
    for (size_t r = 0; r < P; r++)
      ref_norm(x + r * H, og__net_param(n, OG_P_NORM2, l), hn + r * H, H);
    ref_mm(hn, og__net_param(n, OG_P_WG, l), g, P, H, F);
    ref_mm(hn, og__net_param(n, OG_P_WU, l), u, P, H, F);
    for (size_t i = 0; i < P * F; i++)
      g[i] = g[i] / (1 + exp(-g[i])) * u[i];
    ref_mm(g, og__net_param(n, OG_P_WD, l), t, P, F, H);
    for (size_t i = 0; i < P * H; i++)
      x[i] += t[i];
  }
  ref_norm(x + (P - 1) * H, og__net_param(n, OG_P_NORMF, 0), hn, H);
  ref_mm(hn, og__net_param(n, OG_P_LM, 0), logits, 1, H, 256);
}

static void decoder_against_reference(void **state)
{
  (void)state;
  struct og_net *n = NULL;
  assert_int_equal(og_net_new(&dec, 5, &n), OG_OK);
  float in[3 * 16], out[3 * 256];
  static double want[256];
  for (int r = 0; r < 3; r++)
    og_net_input(n, 9, (uint64_t)r, in + r * 16);
  assert_int_equal(og_net_forward(n, OG_EXEC_HONEST, in, 3, out, 0), OG_OK);
  for (int r = 0; r < 3; r++) {
    ref_decoder(n, in + r * 16, want);
    double e = rel_l2(out + r * 256, want, 256);
    if (e > 1e-4)
      fail_msg("request %d: relative L2 error %g > 1e-4", r, e);
  }
  og_net_free(n);
}

/* Honest noise: the same request alone, in a batch of 16, on 1 or 2 BLAS
 * threads. Every cheating variant must be farther than 10x that. */
static void variants_beyond_noise(const struct og_arch *a)
{
  struct og_net *n = NULL;
  assert_int_equal(og_net_new(a, 1, &n), OG_OK);
  size_t il = og_net_input_len(n), ol = og_net_output_len(n), B = 16;
  float *in = malloc(B * il * sizeof *in), *ref = malloc(ol * sizeof *ref);
  float *batch = malloc(B * ol * sizeof *batch), *alt = malloc(B * ol * sizeof *alt);
  for (size_t r = 0; r < B; r++)
    og_net_input(n, 2, r, in + r * il);
  openblas_set_num_threads(1);
  assert_int_equal(og_net_forward(n, OG_EXEC_HONEST, in, 1, ref, 0), OG_OK);
  assert_int_equal(og_net_forward(n, OG_EXEC_HONEST, in, B, batch, 0), OG_OK);
  double noise = og_net_distance(batch, ref, ol);
  openblas_set_num_threads(2);
  assert_int_equal(og_net_forward(n, OG_EXEC_HONEST, in, B, alt, 0), OG_OK);
  openblas_set_num_threads(1);
  noise = fmax(noise, og_net_distance(alt, ref, ol));
  print_message("%s honest noise %.3g\n", a->kind == OG_ARCH_MLP ? "mlp" : "decoder", noise);
  for (int v = OG_EXEC_FP16; v < OG_EXEC_VARIANT_COUNT_; v++) {
    assert_int_equal(og_net_forward(n, (enum og_exec_variant)v, in, 1, alt, 7), OG_OK);
    double d = og_net_distance(alt, ref, ol);
    print_message("  %-12s %.3g\n", og_exec_variant_names[v], d);
    if (!(d > 10 * noise && d > 0))
      fail_msg("%s: distance %g not above 10x the honest noise %g", og_exec_variant_names[v], d,
               noise);
  }
  free(in), free(ref), free(batch), free(alt);
  og_net_free(n);
}

static void mlp_variants(void **state)
{
  (void)state;
  variants_beyond_noise(&mlp);
}

static void decoder_variants(void **state)
{
  (void)state;
  variants_beyond_noise(&dec);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(mlp_against_reference), cmocka_unit_test(decoder_against_reference),
    cmocka_unit_test(mlp_variants), cmocka_unit_test(decoder_variants),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
