/* Rounding of weights and activations: fp16 (IEEE binary16, round to
 * nearest even) and symmetric int8 with one scale per row or per tensor. */
#include <math.h>

#include "net_internal.h"

static float fp16(float x)
{
  return (float)(_Float16)x;
}

void og__w_fp16(float *w, size_t len)
{
  for (size_t i = 0; i < len; i++)
    w[i] = fp16(w[i]);
}

static void int8_block(float *x, size_t len)
{
  float m = 0;
  for (size_t i = 0; i < len; i++)
    m = fmaxf(m, fabsf(x[i]));
  if (m == 0)
    return;
  float s = m / 127.0f;
  for (size_t i = 0; i < len; i++)
    x[i] = nearbyintf(x[i] / s) * s;
}

void og__w_int8(float *w, size_t len, size_t block)
{
  for (size_t at = 0; at < len; at += block)
    int8_block(w + at, len - at < block ? len - at : block);
}

void og__act_round(float *x, size_t len, enum og_act act)
{
  if (act == OG_ACT_FP16)
    og__w_fp16(x, len);
  else if (act == OG_ACT_INT8)
    int8_block(x, len);
}
