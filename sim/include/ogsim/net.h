/* Runnable models: a zoo architecture instantiated with weights drawn from a
 * seed (no downloads) and run for real with OpenBLAS, in FP32, with the
 * variants a cheating node would use instead of the honest pass. */
#ifndef OG_NET_H
#define OG_NET_H

#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "status.h"

/* How a node computes a request. */
enum og_exec_variant {
  OG_EXEC_HONEST,   /* the model as it is */
  OG_EXEC_FP16,     /* weights and activations rounded to fp16 */
  OG_EXEC_INT8,     /* weights and activations quantised to int8 (per-row / per-tensor scale) */
  OG_EXEC_SKIP,     /* every other layer skipped (transformers; MLP: hidden layers halved) */
  OG_EXEC_SUBSTITUTE, /* a smaller model with the same inputs and outputs */
  OG_EXEC_LAZY,     /* no compute: random output of the right shape */
  OG_EXEC_VARIANT_COUNT_
};

extern const char *const og_exec_variant_names[OG_EXEC_VARIANT_COUNT_];

struct og_net;

/* Instantiate architecture a (MLP or decoder) with weights from seed.
 * *out owned by the caller (og_net_free). OG_EINVAL for encoders. */
OG_MUST_CHECK enum og_status og_net_new(const struct og_arch *a, uint64_t seed,
                                        struct og_net **out);
void og_net_free(struct og_net *n);

/* Whether og_net_new accepts a: MLPs and decoders of at most 64 layers and
 * 2^26 parameters. */
int og_net_runnable(const struct og_arch *a);

/* Size of one request's input (MLP: floats; decoder: prompt tokens) and of
 * one output (MLP: outputs; decoder: vocabulary logits of the last prompt
 * position). */
size_t og_net_input_len(const struct og_net *n);
size_t og_net_output_len(const struct og_net *n);

/* A request's input drawn from (seed, request id): MLP inputs in [-1, 1),
 * decoder token ids < vocab written as floats. */
void og_net_input(const struct og_net *n, uint64_t seed, uint64_t request, float *in);

/* Run `batch` requests together: in is batch x input_len, out batch x
 * output_len. The lazy variant draws its output from `seed`. OG_ENOMEM if
 * scratch memory cannot be had. */
OG_MUST_CHECK enum og_status og_net_forward(struct og_net *n, enum og_exec_variant v,
                                            const float *in, size_t batch, float *out,
                                            uint64_t seed);

/* Relative L2 distance |a - b| / |b| over len values. */
double og_net_distance(const float *a, const float *b, size_t len);

/* Set the threads OpenBLAS uses from now on in this process and the
 * children it forks, as OPENBLAS_NUM_THREADS=n would have when it was
 * loaded (sweep tasks forked from a process that loaded it with another
 * count). Nothing when the count is n already: setting it starts again
 * the threads that OpenBLAS stops at a fork. */
void og_net_blas_threads(int n);

#endif

/* Internal, for tests: where each weight matrix of the honest model lives.
 * Matrices are row-major, input dimension first (y = x W). */
enum og_param {
  OG_P_MLP_W, OG_P_MLP_B,                      /* per layer */
  OG_P_EMB,                                    /* vocab x hidden */
  OG_P_NORM1, OG_P_WQ, OG_P_WK, OG_P_WV, OG_P_WO, /* per layer */
  OG_P_NORM2, OG_P_WG, OG_P_WU, OG_P_WD,       /* per layer */
  OG_P_NORMF, OG_P_LM,                         /* final norm, LM head hidden x vocab */
  OG_P_COUNT_
};
const float *og__net_param(const struct og_net *n, enum og_param p, size_t layer);

/* Measured output distances of one runnable model (relative L2 to the
 * honest output of the request computed alone on one BLAS thread). */
struct og_noise {
  double batch;     /* honest, same request inside a batch of 16 */
  double threads;   /* honest, batch of 16 on 2 BLAS threads */
  double variant[OG_EXEC_VARIANT_COUNT_]; /* each cheating variant (honest: 0) */
};

/* Measure over `requests` requests (inputs from seed): the largest honest
 * distance of each kind, and the smallest distance of each variant (the
 * cheat closest to honest). Leaves OpenBLAS on one thread. */
OG_MUST_CHECK enum og_status og_net_noise(struct og_net *n, uint64_t seed, size_t requests,
                                          struct og_noise *out);

/* The substitute model's shapes: half the width (transformers: hidden,
 * heads, FFN; MLP: hidden layers), same inputs and outputs. */
struct og_arch og_variant_half_width(const struct og_arch *a);

/* What a request costs under a variant, from the architecture: fp16 and
 * int8 keep the FLOPs and move 2 or 1 bytes per weight; skip_layers does
 * every other layer; substitute runs the half-width model the runnable
 * substitute uses; lazy costs nothing. */
OG_MUST_CHECK enum og_status og_variant_cost(const struct og_arch *a, enum og_exec_variant v,
                                             size_t prompt, size_t output,
                                             struct og_request_cost *c);
