/* Private to models/net*.c: the runnable network's storage. */
#ifndef OG_NET_INTERNAL_H
#define OG_NET_INTERNAL_H

#include "net.h"

/* Runnable models are small: at most this many layers, 2^26 parameters. */
#define OG_NET_MAX_LAYERS 64
#define OG_NET_MAX_PARAMS (1u << 26)

/* Activation treatment of a variant. */
enum og_act { OG_ACT_FP32, OG_ACT_FP16, OG_ACT_INT8 };

struct og_net {
  struct og_arch a;
  uint64_t seed;
  size_t n_params;
  size_t off[OG_P_COUNT_][OG_NET_MAX_LAYERS];
  float *w;            /* honest weights */
  float *w16, *w8;     /* the same rounded to fp16 / quantised to int8, built on first use */
  struct og_net *sub;  /* the substitute model, built on first use */
};

/* Layout and allocation of the weights of n->a (sets off[], n_params). */
size_t og__net_layout(struct og_net *n);

/* Forward passes over the weights w with activations treated per act;
 * `skip` leaves out every other transformer layer / half the MLP's hidden
 * units. */
OG_MUST_CHECK enum og_status og__mlp_forward(const struct og_net *n, const float *w,
                                             enum og_act act, int skip, const float *in,
                                             size_t batch, float *out);
OG_MUST_CHECK enum og_status og__decoder_forward(const struct og_net *n, const float *w,
                                                 enum og_act act, int skip, const float *in,
                                                 size_t batch, float *out);

/* Round an activation buffer as the variant does (in place). */
void og__act_round(float *x, size_t len, enum og_act act);
/* Round weights: fp16, or int8 with one symmetric scale per block of
 * `block` consecutive values. */
void og__w_fp16(float *w, size_t len);
void og__w_int8(float *w, size_t len, size_t block);

#endif
