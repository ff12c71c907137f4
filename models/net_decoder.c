/* Decoder forward pass (prefill): token embeddings plus sinusoidal
 * positions, then per layer RMSNorm, grouped-query causal attention and a
 * SwiGLU FFN with residuals; the output is the logits of each request's last
 * prompt position. Matrix products with OpenBLAS (cblas_sgemm). */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"

struct scratch {
  float *x, *hn, *q, *k, *v, *att, *g, *u, *p;
};

static void mm(const float *x, const float *w, float *y, size_t rows, size_t k, size_t m,
               float beta)
{
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)m, (int)k, 1.0f, x,
              (int)k, w, (int)m, beta, y, (int)m);
}

/* RMSNorm (Zhang & Sennrich 2019) with gain g. */
static void rmsnorm(const float *x, const float *g, float *y, size_t rows, size_t h)
{
  for (size_t r = 0; r < rows; r++) {
    double ss = 0;
    for (size_t i = 0; i < h; i++)
      ss += (double)x[r * h + i] * x[r * h + i];
    float s = (float)(1.0 / sqrt(ss / (double)h + 1e-5));
    for (size_t i = 0; i < h; i++)
      y[r * h + i] = x[r * h + i] * s * g[i];
  }
}

static void embed(const struct og_net *n, const float *w, const float *in, size_t batch, float *x)
{
  size_t h = n->a.hidden, P = n->a.prompt_tokens;
  const float *emb = w + n->off[OG_P_EMB][0];
  for (size_t r = 0; r < batch * P; r++) {
    size_t tok = (size_t)in[r], pos = r % P;
    for (size_t i = 0; i < h; i++) {
      double f = (double)pos / pow(10000.0, (double)(i & ~(size_t)1) / (double)h);
      x[r * h + i] = emb[tok * h + i] + (float)(i % 2 ? cos(f) : sin(f));
    }
  }
}

/* Causal attention of one sequence (rows P) and one head. */
static void head(const struct og_arch *a, const struct scratch *s, size_t seq, size_t hd)
{
  size_t h = a->hidden, d = h / a->heads, kvd = d * a->kv_heads, P = a->prompt_tokens;
  size_t kvh = hd / (a->heads / a->kv_heads);
  float scale = 1.0f / sqrtf((float)d);
  for (size_t i = 0; i < P; i++) {
    const float *q = s->q + (seq * P + i) * h + hd * d;
    float mx = -INFINITY, sum = 0;
    for (size_t j = 0; j <= i; j++) {
      const float *k = s->k + (seq * P + j) * kvd + kvh * d;
      float dot = 0;
      for (size_t t = 0; t < d; t++)
        dot += q[t] * k[t];
      s->p[j] = dot * scale;
      mx = fmaxf(mx, s->p[j]);
    }
    for (size_t j = 0; j <= i; j++)
      sum += (s->p[j] = expf(s->p[j] - mx));
    float *o = s->att + (seq * P + i) * h + hd * d;
    memset(o, 0, d * sizeof *o);
    for (size_t j = 0; j <= i; j++) {
      const float *v = s->v + (seq * P + j) * kvd + kvh * d;
      for (size_t t = 0; t < d; t++)
        o[t] += s->p[j] / sum * v[t];
    }
  }
}

static void layer(const struct og_net *n, const float *w, enum og_act act, size_t l,
                  const struct scratch *s, size_t batch)
{
  const struct og_arch *a = &n->a;
  size_t h = a->hidden, kvd = h / a->heads * a->kv_heads, rows = batch * a->prompt_tokens;
#define W(p) (w + n->off[p][l])
  rmsnorm(s->x, W(OG_P_NORM1), s->hn, rows, h);
  og__act_round(s->hn, rows * h, act);
  mm(s->hn, W(OG_P_WQ), s->q, rows, h, h, 0);
  mm(s->hn, W(OG_P_WK), s->k, rows, h, kvd, 0);
  mm(s->hn, W(OG_P_WV), s->v, rows, h, kvd, 0);
  for (size_t seq = 0; seq < batch; seq++)
    for (size_t hd = 0; hd < a->heads; hd++)
      head(a, s, seq, hd);
  og__act_round(s->att, rows * h, act);
  mm(s->att, W(OG_P_WO), s->x, rows, h, h, 1); /* residual */
  rmsnorm(s->x, W(OG_P_NORM2), s->hn, rows, h);
  og__act_round(s->hn, rows * h, act);
  mm(s->hn, W(OG_P_WG), s->g, rows, h, a->ffn, 0);
  mm(s->hn, W(OG_P_WU), s->u, rows, h, a->ffn, 0);
  for (size_t i = 0; i < rows * a->ffn; i++)
    s->g[i] = s->g[i] / (1.0f + expf(-s->g[i])) * s->u[i]; /* SiLU(gate) * up */
  og__act_round(s->g, rows * a->ffn, act);
  mm(s->g, W(OG_P_WD), s->x, rows, a->ffn, h, 1); /* residual */
#undef W
}

static int alloc(struct scratch *s, const struct og_arch *a, size_t rows)
{
  size_t h = a->hidden, kvd = h / a->heads * a->kv_heads;
  s->x = malloc(rows * h * sizeof(float));
  s->hn = malloc(rows * h * sizeof(float));
  s->q = malloc(rows * h * sizeof(float));
  s->att = malloc(rows * h * sizeof(float));
  s->k = malloc(rows * kvd * sizeof(float));
  s->v = malloc(rows * kvd * sizeof(float));
  s->g = malloc(rows * a->ffn * sizeof(float));
  s->u = malloc(rows * a->ffn * sizeof(float));
  s->p = malloc(a->prompt_tokens * sizeof(float));
  return s->x && s->hn && s->q && s->att && s->k && s->v && s->g && s->u && s->p ? 0 : -1;
}

static void release(struct scratch *s)
{
  free(s->x), free(s->hn), free(s->q), free(s->att), free(s->k), free(s->v);
  free(s->g), free(s->u), free(s->p);
}

enum og_status og__decoder_forward(const struct og_net *n, const float *w, enum og_act act,
                                   int skip, const float *in, size_t batch, float *out)
{
  const struct og_arch *a = &n->a;
  size_t h = a->hidden, P = a->prompt_tokens;
  struct scratch s = {0};
  if (alloc(&s, a, batch * P) != 0) {
    release(&s);
    return OG_ENOMEM;
  }
  embed(n, w, in, batch, s.x);
  for (size_t l = 0; l < a->layers; l++)
    if (!skip || l % 2 == 0)
      layer(n, w, act, l, &s, batch);
  for (size_t b = 0; b < batch; b++) /* last position of each request */
    memcpy(s.hn + b * h, s.x + (b * P + P - 1) * h, h * sizeof(float));
  rmsnorm(s.hn, w + n->off[OG_P_NORMF][0], s.q, batch, h);
  og__act_round(s.q, batch * h, act);
  mm(s.q, w + n->off[OG_P_LM][0], out, batch, h, a->vocab, 0);
  release(&s);
  return OG_OK;
}
