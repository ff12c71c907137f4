/* Reading calibration files with the conf layer's YAML machinery (conf.h). */
#include "calibration.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

typedef struct og_calibration C;
typedef struct og_cal_model CM;
typedef struct og_cal_sgemm CS;

#define NUM(k, T, m, u) \
  {.key = k, .type = OG_F_NUM, .off = offsetof(T, m), .unit = u, .range = OG_R_GE, .required = 1}
#define CNT(k, T, m) \
  {.key = k, .type = OG_F_COUNT, .off = offsetof(T, m), .range = OG_R_GE_LE, .lo = 1, \
   .hi = 1e9, .required = 1}

static const struct og_field model_f[] = {
  {.key = "name", .type = OG_F_STR, .off = offsetof(CM, name), .required = 1},
  CNT("batch", CM, batch),
  NUM("achieved", CM, achieved, OG_UNIT_FLOPS),
  NUM("efficiency", CM, efficiency, OG_UNIT_NUMBER),
};
static const struct og_schema model_s = OG_SCHEMA("model row", model_f, CM);

static const struct og_field sgemm_f[] = {
  CNT("m", CS, m), CNT("n", CS, n), CNT("k", CS, k),
  NUM("achieved", CS, achieved, OG_UNIT_FLOPS),
  NUM("efficiency", CS, efficiency, OG_UNIT_NUMBER),
};
static const struct og_schema sgemm_s = OG_SCHEMA("sgemm row", sgemm_f, CS);

typedef struct og_cal_forward CF;
static const struct og_field forward_f[] = {
  {.key = "name", .type = OG_F_STR, .off = offsetof(CF, name), .required = 1},
  CNT("batch", CF, batch),
  NUM("achieved", CF, achieved, OG_UNIT_FLOPS),
  NUM("efficiency", CF, efficiency, OG_UNIT_NUMBER),
  NUM("per_request", CF, per_request, OG_UNIT_DURATION),
};
static const struct og_schema forward_s = OG_SCHEMA("forward row", forward_f, CF);

typedef struct og_cal_noise CN;
static const struct og_field noise_f[] = {
  {.key = "name", .type = OG_F_STR, .off = offsetof(CN, name), .required = 1},
  NUM("honest_batch", CN, honest_batch, OG_UNIT_NUMBER),
  NUM("honest_threads", CN, honest_threads, OG_UNIT_NUMBER),
  NUM("fp16", CN, fp16, OG_UNIT_NUMBER),
  NUM("int8", CN, int8, OG_UNIT_NUMBER),
  NUM("skip_layers", CN, skip_layers, OG_UNIT_NUMBER),
  NUM("substitute", CN, substitute, OG_UNIT_NUMBER),
  NUM("lazy", CN, lazy, OG_UNIT_NUMBER),
};
static const struct og_schema noise_s = OG_SCHEMA("noise row", noise_f, CN);

static const struct og_field cal_f[] = {
  {.key = "machine", .type = OG_F_STR, .off = offsetof(C, machine)},
  {.key = "openblas", .type = OG_F_STR, .off = offsetof(C, openblas)},
  {.key = "peak", .type = OG_F_NUM, .off = offsetof(C, peak), .unit = OG_UNIT_FLOPS,
   .range = OG_R_GT, .required = 1},
  {.key = "sgemm", .type = OG_F_LIST, .off = offsetof(C, sgemm), .off2 = offsetof(C, n_sgemm),
   .sub = &sgemm_s},
  {.key = "models", .type = OG_F_LIST, .off = offsetof(C, models), .off2 = offsetof(C, n_models),
   .sub = &model_s, .required = 1},
  {.key = "forward", .type = OG_F_LIST, .off = offsetof(C, forward),
   .off2 = offsetof(C, n_forward), .sub = &forward_s},
  {.key = "noise", .type = OG_F_LIST, .off = offsetof(C, noise), .off2 = offsetof(C, n_noise),
   .sub = &noise_s},
};
static const struct og_schema cal_s = OG_SCHEMA("calibration", cal_f, C);

enum og_status og_calibration_load(const char *path, struct og_calibration **out,
                                   struct og_error *err)
{
  struct og_calibration *c = calloc(1, sizeof *c);
  *out = NULL;
  if (!c)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  enum og_status st = og__yaml_load_struct(path, "calibration", &cal_s, c, NULL, err);
  if (st != OG_OK) {
    og_calibration_free(c);
    return st;
  }
  *out = c;
  return OG_OK;
}

void og_calibration_free(struct og_calibration *c)
{
  if (!c)
    return;
  for (size_t i = 0; c->models && i < c->n_models; i++)
    free(c->models[i].name);
  free(c->models);
  for (size_t i = 0; c->forward && i < c->n_forward; i++)
    free(c->forward[i].name);
  free(c->forward);
  for (size_t i = 0; c->noise && i < c->n_noise; i++)
    free(c->noise[i].name);
  free(c->noise);
  free(c->sgemm);
  free(c->machine);
  free(c->openblas);
  free(c);
}

double og_calibration_efficiency(const struct og_calibration *c, const char *model)
{
  double best = 0;
  for (size_t i = 0; i < c->n_models; i++)
    if (!strcmp(c->models[i].name, model) && c->models[i].efficiency > best)
      best = c->models[i].efficiency;
  return best;
}
