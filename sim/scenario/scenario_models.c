/* Models named after a zoo architecture: their per-request FLOPs and bytes
 * from the architecture and request shape, their compute efficiency from the
 * calibration file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "calibration.h"
#include "net.h"
#include "scenario_internal.h"

#ifndef OGSIM_DATA_DIR
#define OGSIM_DATA_DIR "."
#endif

static const char *zoo_dir(void)
{
  const char *d = getenv("OGSIM_ZOO_DIR");
  return d && *d ? d : OGSIM_DATA_DIR "/models/zoo";
}

static enum og_status fail_model(struct og_parse *p, yaml_node_t *root, size_t i, const char *key,
                                 const char *msg, const char *arg)
{
  yaml_node_t *m = og__conf_nth(p, og__conf_get(p, root, "models"), i);
  yaml_node_t *k = key ? og__conf_get(p, m, key) : NULL;
  snprintf(p->path, sizeof p->path, "models[%zu]%s%s", i, key ? "." : "", key ? key : "");
  return og__conf_fail(p, k ? k : m, msg, arg);
}

/* The calibration file, loaded the first time a zoo model needs it. */
static enum og_status calibration(struct og_parse *p, yaml_node_t *root,
                                  struct og_calibration **cal)
{
  struct og_scenario *sc = p->sc;
  if (*cal)
    return OG_OK;
  if (!sc->calibration) {
    const char *env = getenv("OGSIM_CALIBRATION");
    sc->calibration = strdup(env && *env ? env : OGSIM_DATA_DIR "/models/calibration/default.yaml");
    if (!sc->calibration)
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
  } else if (og__conf_resolve_path(p, &sc->calibration) != OG_OK) {
    return OG_ENOMEM;
  }
  if (access(sc->calibration, R_OK) != 0) {
    snprintf(p->path, sizeof p->path, "calibration");
    return og__conf_fail(p, og__conf_get(p, root, "calibration"),
                         "cannot read calibration file '%s' (make one with ogsim calibrate)",
                         sc->calibration);
  }
  return og_calibration_load(sc->calibration, cal, p->err);
}

/* The continuous engine's per-token costs of a decoder (models/arch.c
 * counts the same way: 2 FLOP per weight per token, 4 x hidden per layer
 * per attended position, the LM head for tokens that produce logits). */
static void llm_coefficients(struct og_model *m, const struct og_arch *a)
{
  m->param_bytes = og_arch_params(a) * (double)a->dtype_bytes;
  if (a->kind != OG_ARCH_DECODER)
    return;
  double h = (double)a->hidden, L = (double)a->layers;
  double head = 2 * h * (double)a->vocab;
  m->llm = 1;
  m->hidden = h;
  m->layers = L;
  m->head_flops = head;
  m->tok_flops = og_arch_decoder_token_flops(a, 0, 0);
  m->attn_flops = og_arch_decoder_token_flops(a, 1, 0) - m->tok_flops;
  m->read_bytes = (m->tok_flops + head) / 2 * (double)a->dtype_bytes;
  m->kv_token_bytes = 2 * L * h / (double)a->heads * (double)a->kv_heads * (double)a->dtype_bytes;
}

static enum og_status from_zoo(struct og_parse *p, yaml_node_t *root, size_t i,
                               struct og_calibration **cal)
{
  struct og_model *m = &p->sc->models[i];
  char path[4096];
  if (!isnan(m->flops) || !isnan(m->weight_bytes) || !isnan(m->bytes))
    return fail_model(p, root, i, NULL, "%s", "flops, weight_bytes and bytes come from the zoo "
                      "model: give either zoo or them");
  snprintf(path, sizeof path, "%s/%s.yaml", zoo_dir(), m->zoo);
  if (access(path, R_OK) != 0)
    return fail_model(p, root, i, "zoo", "no model '%s' in the zoo", m->zoo);
  struct og_arch *a = NULL;
  enum og_status st = og_arch_load(path, &a, p->err);
  if (st != OG_OK)
    return st;
  if (m->dtype_bytes)
    a->dtype_bytes = m->dtype_bytes;
  llm_coefficients(m, a);
  struct og_request_cost c;
  size_t prompt = m->prompt_tokens ? m->prompt_tokens : a->prompt_tokens;
  size_t output = m->output_tokens ? m->output_tokens : a->output_tokens;
  st = og_arch_request_cost(a, prompt, output, &c);
  a->prompt_tokens = prompt;
  m->decoder = a->kind == OG_ARCH_DECODER;
  int runnable = og_net_runnable(a);
  og_arch_free(a);
  if (m->run_share > 0 && !runnable)
    return fail_model(p, root, i, "run_share", "the zoo model '%s' is too large to run for real "
                      "(MLPs and decoders up to 2^26 parameters)", m->zoo);
  if (!(m->zoo_path = strdup(path)))
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  if (st != OG_OK)
    return fail_model(p, root, i, "zoo", "the zoo model '%s' has inconsistent shapes", m->zoo);
  m->prompt_tokens = prompt;
  m->output_tokens = output;
  m->flops = c.prefill_flops + c.decode_flops;
  m->weight_bytes = c.weight_bytes * c.steps; /* weights are read at every step */
  m->bytes = c.kv_bytes;
  if ((st = calibration(p, root, cal)) != OG_OK)
    return st;
  m->efficiency = og_calibration_efficiency(*cal, m->zoo);
  /* an LLM needs its calibrated efficiency only on a CPU class (checked
   * with the classes: scenario_check.c) */
  if (!(m->efficiency > 0) && !m->llm)
    return fail_model(p, root, i, "zoo", "the calibration file has no row for '%s' "
                      "(run ogsim calibrate)", m->zoo);
  if (!(m->efficiency > 0))
    m->efficiency = NAN;
  return OG_OK;
}

enum og_status og__scn_models(struct og_parse *p, yaml_node_t *root)
{
  struct og_calibration *cal = NULL;
  enum og_status st = OG_OK;
  for (size_t i = 0; i < p->sc->n_models && st == OG_OK; i++) {
    struct og_model *m = &p->sc->models[i];
    if (m->zoo) {
      st = from_zoo(p, root, i, &cal);
      continue;
    }
    if (isnan(m->flops))
      st = fail_model(p, root, i, NULL, "missing required key '%s' (or name a zoo model)",
                      "flops");
    else if (m->dtype_bytes)
      st = fail_model(p, root, i, "dtype_bytes", "%s", "only zoo models have a weight type");
    else if (m->run_share > 0)
      st = fail_model(p, root, i, "run_share", "%s", "only zoo models can be run for real");
    m->weight_bytes = isnan(m->weight_bytes) ? 0 : m->weight_bytes;
    m->bytes = isnan(m->bytes) ? 0 : m->bytes;
    m->param_bytes = m->weight_bytes;
    m->efficiency = 1;
  }
  og_calibration_free(cal);
  return st;
}
