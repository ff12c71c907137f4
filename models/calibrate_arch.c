/* Calibration of a whole architecture: the matrix products of one forward
 * step, each timed with OpenBLAS, combined by their share of the FLOPs. */
#include "calibrate.h"

struct gemm {
  size_t m, n, k;
  double count; /* times per forward step */
};

/* The distinct products of a forward step on `rows` token rows. */
static size_t shapes(const struct og_arch *a, size_t rows, struct gemm *g)
{
  size_t n = 0;
  if (a->kind == OG_ARCH_MLP) {
    for (size_t i = 0; i + 1 < a->n_widths; i++)
      g[n++] = (struct gemm){rows, a->widths[i + 1], a->widths[i], 1};
    return n;
  }
  size_t h = a->hidden, kv = h / a->heads * a->kv_heads, L = a->layers;
  g[n++] = (struct gemm){rows, h, h, 2.0 * (double)L};   /* Q, O */
  g[n++] = (struct gemm){rows, kv, h, 2.0 * (double)L};  /* K, V */
  g[n++] = (struct gemm){rows, a->ffn, h, (a->kind == OG_ARCH_DECODER ? 2.0 : 1.0) * (double)L};
  g[n++] = (struct gemm){rows, h, a->ffn, (double)L};    /* FFN down */
  return n;
}

enum og_status og_calib_arch(const struct og_arch *a, size_t batch, double seconds,
                             double *flops_per_s)
{
  struct gemm g[OG_ARCH_MAX_LAYERS + 4];
  size_t rows = a->kind == OG_ARCH_ENCODER ? batch * a->seq : batch;
  size_t n = shapes(a, rows, g);
  double flops = 0, time = 0;
  for (size_t i = 0; i < n; i++) {
    double rate, f = 2.0 * (double)g[i].m * (double)g[i].n * (double)g[i].k * g[i].count;
    enum og_status st = og_calib_sgemm(g[i].m, g[i].n, g[i].k, seconds / (double)n, &rate);
    if (st != OG_OK)
      return st;
    flops += f;
    time += f / rate;
  }
  *flops_per_s = flops / time;
  return OG_OK;
}
