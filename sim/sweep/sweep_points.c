/* A sweep's grid: the value of each axis at a point, the points' overrides
 * and seeds, the sweep's id, and the check of every point's scenario. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "rng.h"
#include "scenario.h"
#include "sweep_internal.h"

void og_sweep_strings_free(char **v, size_t n)
{
  for (size_t i = 0; v && i < n; i++)
    free(v[i]);
  free(v);
}

void og_sweep_free(struct og_sweep *sw)
{
  if (!sw)
    return;
  for (size_t a = 0; sw->axes && a < sw->n_axes; a++) {
    free(sw->axes[a].path);
    og_sweep_strings_free(sw->axes[a].values, sw->axes[a].n_values);
    free(sw->axes[a].numbers);
    free(sw->axes[a].unit);
  }
  free(sw->axes);
  og_sweep_strings_free(sw->sets, sw->n_sets);
  free(sw->dim_len);
  free(sw->path);
  free(sw->text);
  free(sw->name);
  free(sw->base);
  free(sw);
}

/* Mixed radix, the last dimension fastest. */
size_t og_sweep_value_index(const struct og_sweep *sw, size_t point, size_t axis)
{
  size_t dim = sw->axes[axis].dim, stride = 1;
  for (size_t d = dim + 1; d < sw->n_dims; d++)
    stride *= sw->dim_len[d];
  return point / stride % sw->dim_len[dim];
}

/* Without crn a point's replicates draw from the stream UINT64_MAX - point,
 * far from the replicate numbers that crn's seeds use as entities. */
uint64_t og_sweep_seed(const struct og_sweep *sw, size_t point, size_t rep)
{
  if (sw->crn)
    return og_rng_stream_seed(sw->seed, OG_RNG_SWEEP, rep);
  uint64_t per_point = og_rng_stream_seed(sw->seed, OG_RNG_SWEEP, UINT64_MAX - point);
  return og_rng_stream_seed(per_point, OG_RNG_SWEEP, rep);
}

static char *assignment(const char *path, const char *value)
{
  char *s = malloc(strlen(path) + strlen(value) + 2);
  if (s)
    sprintf(s, "%s=%s", path, value);
  return s;
}

enum og_status og_sweep_point_sets(const struct og_sweep *sw, size_t point, char ***out,
                                   size_t *n)
{
  size_t total = sw->n_sets + sw->n_axes;
  char **v = calloc(total ? total : 1, sizeof *v);
  *out = NULL;
  *n = 0;
  if (!v)
    return OG_ENOMEM;
  for (size_t i = 0; i < sw->n_sets; i++)
    if (!(v[i] = strdup(sw->sets[i])))
      goto fail;
  for (size_t a = 0; a < sw->n_axes; a++) {
    const struct og_sweep_axis *ax = &sw->axes[a];
    if (!(v[sw->n_sets + a] = assignment(ax->path, ax->values[og_sweep_value_index(sw, point, a)])))
      goto fail;
  }
  *out = v;
  *n = total;
  return OG_OK;
fail:
  og_sweep_strings_free(v, total);
  return OG_ENOMEM;
}

enum og_status og__sweep_base(const struct og_sweep *sw, uint64_t *seed, char **text,
                              struct og_error *err)
{
  struct og_scenario *sc = NULL;
  struct og_error e = {{0}};
  *text = NULL;
  enum og_status st = og_scenario_load(sw->base, (const char *const *)sw->sets, sw->n_sets, NULL,
                                       &sc, &e);
  if (st != OG_OK)
    return og_error_set(err, st, "%s: base scenario%s: %s", sw->path,
                        sw->n_sets ? " with the sweep's sets" : "", e.msg);
  if (seed)
    *seed = sc->seed;
  *text = sc->text;
  sc->text = NULL;
  og_scenario_free(sc);
  return OG_OK;
}

uint64_t og__sweep_id(const struct og_sweep *sw, const char *base_text)
{
  char num[64];
  uint64_t h = og_fnv1a64(og_fnv1a64(OG_FNV64_INIT, sw->text), base_text);
  for (size_t i = 0; i < sw->n_sets; i++)
    h = og_fnv1a64(h, sw->sets[i]);
  for (size_t a = 0; a < sw->n_axes; a++) {
    h = og_fnv1a64(h, sw->axes[a].path);
    for (size_t i = 0; i < sw->axes[a].n_values; i++)
      h = og_fnv1a64(h, sw->axes[a].values[i]);
  }
  snprintf(num, sizeof num, "%llu %zu %d", (unsigned long long)sw->seed, sw->replications,
           sw->crn);
  return og_fnv1a64(h, num);
}

struct og_sweep_ident og__sweep_ident(const struct og_sweep *sw, const char *base_text)
{
  const uint64_t h0 = OG_FNV64_INIT;
  struct og_sweep_ident id = {og_fnv1a64(h0, sw->text), og_fnv1a64(h0, base_text), h0,
                              sw->seed};
  for (size_t i = 0; i < sw->n_sets; i++)
    id.sets = og_fnv1a64(id.sets, sw->sets[i]);
  return id;
}

static enum og_status point_error(const struct og_sweep *sw, size_t point, enum og_status st,
                                  const struct og_error *e, struct og_error *err)
{
  char at[512] = "";
  for (size_t a = 0; a < sw->n_axes; a++)
    snprintf(at + strlen(at), sizeof at - strlen(at), "%s%s=%s", a ? ", " : "",
             sw->axes[a].path, sw->axes[a].values[og_sweep_value_index(sw, point, a)]);
  return og_error_set(err, st, "%s: point %zu (%s): %s", sw->path, point, at, e->msg);
}

enum og_status og__sweep_check_points(const struct og_sweep *sw, const char *base_text,
                                      struct og_error *err)
{
  for (size_t pt = 0; pt < sw->n_points; pt++) {
    char **sets;
    size_t n;
    struct og_scenario *sc = NULL;
    struct og_error e = {{0}};
    enum og_status st = og_sweep_point_sets(sw, pt, &sets, &n);
    if (st != OG_OK)
      return og_error_set(err, st, "out of memory");
    st = og_scenario_parse(base_text, strlen(base_text), sw->base, (const char *const *)sets, n,
                           NULL, &sc, &e);
    og_scenario_free(sc);
    og_sweep_strings_free(sets, n);
    if (st != OG_OK)
      return point_error(sw, pt, st, &e, err);
  }
  return OG_OK;
}
