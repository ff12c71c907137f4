/* Loading a sweep file: its top-level keys (read with the conf layer's
 * YAML machinery), then the base scenario, the id and every point's check. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "sweep_internal.h"

static const char *scalar(const yaml_node_t *n)
{
  return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

const char *og__sweep_kind(const yaml_node_t *n)
{
  return n->type == YAML_SEQUENCE_NODE ? "list" : n->type == YAML_MAPPING_NODE ? "mapping"
                                                                               : "value";
}

size_t og__sweep_len(const yaml_node_t *n)
{
  return n->type == YAML_SEQUENCE_NODE
             ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
             : 0;
}

void og__sweep_here(struct og_parse *p, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->path, sizeof p->path, fmt, ap);
  va_end(ap);
}

enum og_status og__sweep_nomem(struct og_parse *p)
{
  return og_error_set(p->err, OG_ENOMEM, "out of memory");
}

enum og_status og__sweep_keys(struct og_parse *p, yaml_node_t *map, const char *what,
                              const char *const *keys)
{
  char list[256] = "";
  for (size_t i = 0; keys[i]; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", keys[i]);
  if (map->type != YAML_MAPPING_NODE)
    return og__conf_fail(p, map, "expected a mapping of keys (%s), not a %s", what,
                         og__sweep_kind(map));
  for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
       pr++) {
    yaml_node_t *k = yaml_document_get_node(&p->doc, pr->key);
    const char *key = scalar(k);
    size_t i = 0;
    while (key && keys[i] && strcmp(key, keys[i]))
      i++;
    if (!key || !keys[i])
      return og__conf_fail(p, k, "unknown key '%s' (expected one of: %s)", key ? key : "?", list);
    if (og__conf_get(p, map, key) != yaml_document_get_node(&p->doc, pr->value))
      return og__conf_fail(p, k, "duplicate key '%s'", key);
  }
  return OG_OK;
}

enum og_status og__sweep_text(struct og_parse *p, yaml_node_t *n, const char **text)
{
  if (!(*text = scalar(n)))
    return og__conf_fail(p, n, "expected a single value, not a %s", og__sweep_kind(n));
  if (!**text)
    return og__conf_fail(p, n, "must not be empty");
  return OG_OK;
}

static enum og_status uint_of(struct og_parse *p, yaml_node_t *n, unsigned long long *u)
{
  const char *t;
  enum og_status st = og__sweep_text(p, n, &t);
  if (st != OG_OK)
    return st;
  char *end;
  errno = 0;
  *u = strtoull(t, &end, 10);
  if (!strchr("0123456789", t[0]) || errno || *end)
    return og__conf_fail(p, n, "expected a non-negative integer, got '%s'", t);
  return OG_OK;
}

enum og_status og__sweep_count(struct og_parse *p, yaml_node_t *n, size_t lo, size_t hi,
                               size_t *out)
{
  unsigned long long u = 0;
  enum og_status st = uint_of(p, n, &u);
  if (st == OG_OK && (u < lo || u > hi))
    return og__conf_fail(p, n, "must be in [%zu, %zu], got %llu", lo, hi, u);
  *out = (size_t)u;
  return st;
}

int og__sweep_plain_number(const char *text, double *v)
{
  const char *why;
  return og_units_parse(text, OG_UNIT_NUMBER, v, &why) == OG_OK;
}

size_t og__sweep_find_set(const struct og_sweep *sw, const char *path, size_t plen)
{
  size_t i = 0;
  while (i < sw->n_sets && !(strncmp(sw->sets[i], path, plen) == 0 && sw->sets[i][plen] == '='))
    i++;
  return i;
}

/* ---- name, base, seed, set, replications ------------------------------- */

/* File name without directory and extension. */
static char *stem(const char *path)
{
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  const char *dot = strrchr(b, '.');
  return strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

static enum og_status parse_name(struct og_sweep_loader *l, yaml_node_t *root)
{
  yaml_node_t *n = og__conf_get(&l->p, root, "name");
  const char *t = NULL;
  og__sweep_here(&l->p, "name");
  enum og_status st = n ? og__sweep_text(&l->p, n, &t) : OG_OK;
  if (st != OG_OK)
    return st;
  l->sw->name = t ? strdup(t) : stem(l->sw->path);
  return l->sw->name ? OG_OK : og__sweep_nomem(&l->p);
}

static enum og_status parse_base(struct og_sweep_loader *l, yaml_node_t *root)
{
  yaml_node_t *n = og__conf_get(&l->p, root, "base");
  const char *t;
  og__sweep_here(&l->p, "%s", "");
  if (!n)
    return og__conf_fail(&l->p, root, "missing required key 'base' (the base scenario file)");
  og__sweep_here(&l->p, "base");
  enum og_status st = og__sweep_text(&l->p, n, &t);
  if (st != OG_OK)
    return st;
  /* base is relative to the sweep file's folder (l->p.file) */
  if (!(l->sw->base = strdup(t)) || og__conf_resolve_path(&l->p, &l->sw->base) != OG_OK)
    st = og__sweep_nomem(&l->p);
  if (st == OG_OK && access(l->sw->base, R_OK) != 0)
    return og__conf_fail(&l->p, n, "cannot read base scenario '%s': %s", l->sw->base,
                         strerror(errno));
  return st;
}

static enum og_status parse_seed(struct og_sweep_loader *l, yaml_node_t *root)
{
  yaml_node_t *n = og__conf_get(&l->p, root, "seed");
  unsigned long long u = 0;
  og__sweep_here(&l->p, "seed");
  enum og_status st = n ? uint_of(&l->p, n, &u) : OG_OK;
  l->sw->seed = u;
  l->have_seed = n != NULL;
  return st;
}

static enum og_status parse_counts(struct og_sweep_loader *l, yaml_node_t *root)
{
  struct og_parse *p = &l->p;
  yaml_node_t *n = og__conf_get(p, root, "replications");
  og__sweep_here(p, "replications");
  enum og_status st = n ? og__sweep_count(p, n, 1, 10000, &l->sw->replications) : OG_OK;
  if (st != OG_OK || !(n = og__conf_get(p, root, "common_random_numbers")))
    return st;
  og__sweep_here(p, "common_random_numbers");
  const char *t = scalar(n);
  if (t && (!strcmp(t, "true") || !strcmp(t, "yes")))
    l->sw->crn = 1;
  else if (t && (!strcmp(t, "false") || !strcmp(t, "no")))
    l->sw->crn = 0;
  else
    return og__conf_fail(p, n, "expected true or false, got '%s'", t ? t : og__sweep_kind(n));
  return OG_OK;
}

/* Append "path=value" (path is plen bytes), or text as it is when value is
 * NULL. */
static enum og_status push_set(struct og_sweep_loader *l, const char *path, size_t plen,
                               const char *value)
{
  struct og_sweep *sw = l->sw;
  if (og_grow((void **)&sw->sets, &l->cap_sets, sw->n_sets + 1, sizeof *sw->sets, 8))
    return og__sweep_nomem(&l->p);
  char *s = malloc(plen + (value ? strlen(value) : 0) + 2);
  if (!s)
    return og__sweep_nomem(&l->p);
  sprintf(s, "%.*s%s%s", (int)plen, path, value ? "=" : "", value ? value : "");
  sw->sets[sw->n_sets++] = s;
  return OG_OK;
}

static enum og_status parse_set(struct og_sweep_loader *l, yaml_node_t *root)
{
  struct og_parse *p = &l->p;
  yaml_node_t *n = og__conf_get(p, root, "set");
  og__sweep_here(p, "set");
  if (n && n->type != YAML_MAPPING_NODE)
    return og__conf_fail(p, n, "expected a mapping of path: value, not a %s", og__sweep_kind(n));
  for (yaml_node_pair_t *pr = n ? n->data.mapping.pairs.start : NULL;
       n && pr < n->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(&p->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(&p->doc, pr->value);
    const char *key, *val;
    og__sweep_here(p, "set");
    enum og_status st = og__sweep_text(p, k, &key);
    if (st != OG_OK)
      return st;
    og__sweep_here(p, "set.%s", key);
    if (strchr(key, '=') || strchr(key, ' '))
      return og__conf_fail(p, k, "expected a scenario path like 'duration', got '%s'", key);
    if (og__sweep_find_set(l->sw, key, strlen(key)) < l->sw->n_sets)
      return og__conf_fail(p, k, "duplicate key '%s'", key);
    if ((st = og__sweep_text(p, v, &val)) || (st = push_set(l, key, strlen(key), val)))
      return st;
  }
  return OG_OK;
}

/* ---- the whole file ------------------------------------------------------ */

static enum og_status count_points(struct og_sweep_loader *l, yaml_node_t *root)
{
  struct og_sweep *sw = l->sw;
  sw->n_points = 1;
  for (size_t d = 0; d < sw->n_dims; d++) {
    if (sw->dim_len[d] > OG_SWEEP_MAX_POINTS / sw->n_points) {
      og__sweep_here(&l->p, "%s", "");
      return og__conf_fail(&l->p, root, "the grid has more than %d points",
                           OG_SWEEP_MAX_POINTS);
    }
    sw->n_points *= sw->dim_len[d];
  }
  return OG_OK;
}

static enum og_status parse_file(struct og_sweep_loader *l)
{
  static const char *const keys[] = {"name", "base", "seed", "set", "axes", "zip",
                                     "replications", "common_random_numbers", NULL};
  enum og_status st = og__yaml_read(&l->p, l->sw->path, &l->sw->text);
  if (st != OG_OK)
    return st;
  yaml_node_t *root = yaml_document_get_root_node(&l->p.doc);
  if (!root)
    return og_error_set(l->p.err, OG_EINVAL, "%s:1:1: sweep: the file is empty", l->sw->path);
  og__sweep_here(&l->p, "%s", "");
  if ((st = og__sweep_keys(&l->p, root, "a sweep", keys)) || (st = parse_name(l, root)) ||
      (st = parse_base(l, root)) || (st = parse_seed(l, root)) || (st = parse_set(l, root)) ||
      (st = og__sweep_axes(l, root)) || (st = og__sweep_zip(l, root)) ||
      (st = parse_counts(l, root)))
    return st;
  return count_points(l, root);
}

/* Command-line sets go after the file's; none may set an axis. */
static enum og_status add_sets(struct og_sweep_loader *l, const char *const *sets, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const char *eq = strchr(sets[i], '=');
    size_t plen = eq ? (size_t)(eq - sets[i]) : strlen(sets[i]);
    for (size_t a = 0; a < l->sw->n_axes; a++)
      if (strlen(l->sw->axes[a].path) == plen && !strncmp(l->sw->axes[a].path, sets[i], plen))
        return og_error_set(l->p.err, OG_EINVAL, "--set %s: %s: is an axis of sweep %s (%s)",
                            sets[i], l->sw->axes[a].path, l->sw->path, l->where[a]);
    enum og_status st = push_set(l, sets[i], plen, eq ? eq + 1 : NULL);
    if (st != OG_OK)
      return st;
  }
  return OG_OK;
}

enum og_status og_sweep_load(const char *path, const char *const *sets, size_t n_sets,
                             const uint64_t *seed_override, struct og_sweep **out,
                             struct og_error *err)
{
  struct og_sweep_loader l = {.p = {.file = path, .root = "sweep", .err = err}};
  char *base_text = NULL;
  enum og_status st = OG_ENOMEM;
  *out = NULL;
  if (!(l.sw = calloc(1, sizeof *l.sw)) || !(l.sw->path = strdup(path)))
    goto fail;
  l.sw->replications = 1;
  l.sw->crn = 1;
  if ((st = parse_file(&l)) || (st = add_sets(&l, sets, n_sets)) ||
      (st = og__sweep_base(l.sw, l.have_seed ? NULL : &l.sw->seed, &base_text, err)))
    goto fail;
  if (seed_override)
    l.sw->seed = *seed_override;
  l.sw->id = og__sweep_id(l.sw, base_text);
  l.sw->ident = og__sweep_ident(l.sw, base_text);
  if ((st = og__sweep_check_points(l.sw, base_text, err)) != OG_OK)
    goto fail;
  *out = l.sw;
  l.sw = NULL;
fail:
  if (st == OG_ENOMEM)
    og_error_set(err, st, "out of memory");
  og_sweep_free(l.sw);
  if (l.p.have_doc)
    yaml_document_delete(&l.p.doc);
  free(l.p.origin);
  free(l.p.refs);
  free(l.where);
  free(base_text);
  return st;
}
