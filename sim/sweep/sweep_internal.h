/* Private to the sweep loader: its parse context and YAML helpers
 * (sweep_load.c), the axes (sweep_axes.c), and the steps after the file is
 * read (sweep_points.c). */
#ifndef OG_SWEEP_INTERNAL_H
#define OG_SWEEP_INTERNAL_H

#include "conf.h"
#include "sweep.h"

#define OG_SWEEP_MAX_POINTS 1000000 /* every point's scenario is loaded to check it */

struct og_sweep_loader {
  struct og_parse p;     /* p.path names the key that messages are about */
  struct og_sweep *sw;
  size_t cap_sets, cap_axes, cap_where, cap_dims;
  char (*where)[48];     /* per axis: "axes[0]", "zip[1][0]", for messages */
  int have_seed;
};

/* ---- YAML helpers (sweep_load.c); failures fill p->err as og__conf_fail --- */

/* Set p->path, the key path that messages name. */
void og__sweep_here(struct og_parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *og__sweep_kind(const yaml_node_t *n); /* "list", "mapping", "value" */
size_t og__sweep_len(const yaml_node_t *n);       /* items of a list, 0 otherwise */
/* map is a mapping (a `what`, for messages) whose keys are all in keys
 * (NULL-terminated), each once. */
OG_MUST_CHECK enum og_status og__sweep_keys(struct og_parse *p, yaml_node_t *map,
                                            const char *what, const char *const *keys);
/* n is a non-empty scalar: *text gets it. */
OG_MUST_CHECK enum og_status og__sweep_text(struct og_parse *p, yaml_node_t *n,
                                            const char **text);
/* n is an integer in [lo, hi]. */
OG_MUST_CHECK enum og_status og__sweep_count(struct og_parse *p, yaml_node_t *n, size_t lo,
                                             size_t hi, size_t *out);
/* text is a plain decimal number (no unit, finite): 1 and *v, else 0. */
int og__sweep_plain_number(const char *text, double *v);
/* Index of the set "path=..." (path is plen bytes) in sw->sets, or n_sets. */
size_t og__sweep_find_set(const struct og_sweep *sw, const char *path, size_t plen);
enum og_status og__sweep_nomem(struct og_parse *p);

/* ---- axes (sweep_axes.c) ------------------------------------------------- */

/* The `axes:` list and the `zip:` groups: axes, their values and the grid
 * dimensions (sw->dim_len, n_dims). */
OG_MUST_CHECK enum og_status og__sweep_axes(struct og_sweep_loader *l, yaml_node_t *root);
OG_MUST_CHECK enum og_status og__sweep_zip(struct og_sweep_loader *l, yaml_node_t *root);

/* ---- after the file (sweep_points.c) ------------------------------------- */

/* Load the base scenario with sw->sets: *text gets its file's text (owned by
 * the caller), and *seed, when not NULL, its seed. On failure err names the
 * sweep file and carries the scenario loader's message. */
OG_MUST_CHECK enum og_status og__sweep_base(const struct og_sweep *sw, uint64_t *seed,
                                            char **text, struct og_error *err);

/* 64-bit FNV-1a over what decides the results: the sweep's text, the base
 * scenario's text, the sets, the axes' paths and values, seed, replications
 * and crn, each field ended by a 0 byte. */
uint64_t og__sweep_id(const struct og_sweep *sw, const char *base_text);
/* The parts of the identity a journal records (see struct og_sweep_ident). */
struct og_sweep_ident og__sweep_ident(const struct og_sweep *sw, const char *base_text);

/* Load every point's scenario from base_text (named sw->base); the first
 * that fails is reported as "SWEEP: point N (path=value, ...): message". */
OG_MUST_CHECK enum og_status og__sweep_check_points(const struct og_sweep *sw,
                                                    const char *base_text,
                                                    struct og_error *err);

#endif
