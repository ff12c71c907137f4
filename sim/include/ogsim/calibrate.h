/* Calibration: how fast this machine really multiplies matrices. Measures
 * the single-core FP32 peak with an FMA loop and OpenBLAS's cblas_sgemm at
 * given shapes; the simulator turns the ratios into efficiencies. */
#ifndef OG_CALIBRATE_H
#define OG_CALIBRATE_H

#include <stddef.h>

#include "status.h"

/* Single-core FP32 peak in FLOP/s, measured: independent FMA chains on the
 * widest vector unit the CPU has (AVX-512, AVX2+FMA, or scalar), run for
 * about `seconds`; the best of five. *isa names the unit used. */
double og_calib_fma_peak(double seconds, const char **isa);

/* Achieved FLOP/s of C = A * B, A m x k, B k x n, single precision, on one
 * OpenBLAS thread: the best of repeated timings totalling about `seconds`.
 * OG_ENOMEM if the matrices cannot be allocated. */
OG_MUST_CHECK enum og_status og_calib_sgemm(size_t m, size_t n, size_t k, double seconds,
                                            double *flops_per_s);

/* OpenBLAS's build configuration and the kernel it chose ("Haswell", ...). */
const char *og_calib_blas_config(void);
const char *og_calib_blas_core(void);

#endif

#ifndef OG_CALIBRATE_MODEL_H
#define OG_CALIBRATE_MODEL_H
#include "arch.h"

/* Achieved FLOP/s of one forward step of architecture a on `batch`
 * requests (decoders: one token each; encoders: seq tokens each; MLP: one
 * input each), from timing each distinct matrix product of a layer once
 * with cblas_sgemm and weighting by how often the layer uses it. */
OG_MUST_CHECK enum og_status og_calib_arch(const struct og_arch *a, size_t batch, double seconds,
                                           double *flops_per_s);
#endif
