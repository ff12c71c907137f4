/* MLP forward pass: y = relu(x W + b) per hidden layer, linear output. */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"

enum og_status og__mlp_forward(const struct og_net *n, const float *w, enum og_act act, int skip,
                               const float *in, size_t batch, float *out)
{
  const struct og_arch *a = &n->a;
  size_t widest = 0;
  for (size_t i = 0; i < a->n_widths; i++)
    widest = a->widths[i] > widest ? a->widths[i] : widest;
  float *x = malloc(batch * widest * sizeof *x), *y = malloc(batch * widest * sizeof *y);
  if (!x || !y) {
    free(x), free(y);
    return OG_ENOMEM;
  }
  memcpy(x, in, batch * a->widths[0] * sizeof *x);
  for (size_t l = 0; l + 1 < a->n_widths; l++) {
    size_t k = a->widths[l], m = a->widths[l + 1];
    const float *W = w + n->off[OG_P_MLP_W][l], *b = w + n->off[OG_P_MLP_B][l];
    og__act_round(x, batch * k, act);
    for (size_t r = 0; r < batch; r++)
      memcpy(y + r * m, b, m * sizeof *y);
    /* skip: a cheater computes only the first half of the hidden inputs */
    size_t used = skip && l > 0 ? (k + 1) / 2 : k;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)batch, (int)m, (int)used, 1.0f,
                x, (int)k, W, (int)m, 1.0f, y, (int)m);
    if (l + 2 < a->n_widths)
      for (size_t i = 0; i < batch * m; i++)
        y[i] = y[i] > 0 ? y[i] : 0;
    float *t = x;
    x = y, y = t;
  }
  memcpy(out, x, batch * a->widths[a->n_widths - 1] * sizeof *out);
  free(x), free(y);
  return OG_OK;
}
