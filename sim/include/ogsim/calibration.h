/* A calibration file (written by `ogsim calibrate`) read back: the measured
 * peak and, per zoo model, the share of it OpenBLAS reached on the model's
 * own matrix shapes. */
#ifndef OG_CALIBRATION_H
#define OG_CALIBRATION_H

#include <stddef.h>

#include "status.h"

struct og_cal_model {
  char *name;
  size_t batch;
  double achieved;   /* FLOP/s */
  double efficiency; /* achieved / peak */
};

/* A real forward pass of a runnable model at a batch size. */
struct og_cal_forward {
  char *name;
  size_t batch;
  double achieved, efficiency;
  double per_request; /* s */
};

struct og_cal_sgemm {
  size_t m, n, k;
  double achieved, efficiency;
};

/* Measured output distances of a runnable model (see og_net_noise). */
struct og_cal_noise {
  char *name;
  double honest_batch, honest_threads;
  double fp16, int8, skip_layers, substitute, lazy;
};

struct og_calibration {
  char *machine, *openblas;
  double peak; /* FLOP/s */
  struct og_cal_sgemm *sgemm;
  size_t n_sgemm;
  struct og_cal_model *models;
  size_t n_models;
  struct og_cal_forward *forward;
  size_t n_forward;
  struct og_cal_noise *noise;
  size_t n_noise;
};

/* Load a calibration file; errors as for scenarios (FILE:LINE:COL: key). */
OG_MUST_CHECK enum og_status og_calibration_load(const char *path, struct og_calibration **out,
                                                 struct og_error *err);
void og_calibration_free(struct og_calibration *c);

/* Compute efficiency of a model: the best share of peak measured over its
 * batch sizes (the compute-bound regime; memory-bound small batches are the
 * roofline's memory term's business). 0 if the model is not in the file. */
double og_calibration_efficiency(const struct og_calibration *c, const char *model);

#endif
