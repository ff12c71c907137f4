/* Names in a scenario: which characters and lengths are allowed, uniqueness
 * within each kind, and references by name resolved into indices (hashed:
 * linear in the number of names). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scenario_internal.h"
#include "strmap.h"

struct kind {
  const char *list, *what;
  const char *base; /* first element; its name is the first member */
  size_t size, n;
};

static struct kind kind_of(const struct og_scenario *sc, enum og_reftype t)
{
  switch (t) {
  case OG_REF_REGION:
    return (struct kind){"regions", "region", (const char *)sc->regions, sizeof *sc->regions,
                         sc->n_regions};
  case OG_REF_MODEL:
    return (struct kind){"models", "model", (const char *)sc->models, sizeof *sc->models,
                         sc->n_models};
  default:
    return (struct kind){"node_classes", "node class", (const char *)sc->classes,
                         sizeof *sc->classes, sc->n_classes};
  }
}

static const char *name_at(const struct kind *k, size_t i)
{
  return *(char *const *)(k->base + i * k->size);
}

static enum og_status index_names(struct og_parse *p, yaml_node_t *root, const struct kind *k,
                                  struct og_strmap *m)
{
  for (size_t i = 0; i < k->n; i++) {
    size_t prev;
    if (og__strmap_put(m, name_at(k, i), i, &prev) != OG_OK)
      return og_error_set(p->err, OG_ENOMEM, "out of memory");
    if (prev == SIZE_MAX)
      continue;
    yaml_node_t *item = og__conf_nth(p, og__conf_get(p, root, k->list), i);
    snprintf(p->path, sizeof p->path, "%s[%zu].name", k->list, i);
    return og__conf_fail(p, og__conf_get(p, item, "name"), "duplicate %s '%s' (also %s[%zu])",
                         k->what, name_at(k, i), k->list, prev);
  }
  return OG_OK;
}

/* The first names of a kind, for "unknown region 'x' (known: ...)". */
static const char *known(const struct kind *k, char *buf, size_t len)
{
  size_t j = 0;
  buf[0] = 0;
  for (; j < k->n && strlen(buf) + OG_NAME_MAX + 32 < len; j++)
    snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", j ? ", " : "", name_at(k, j));
  if (j < k->n)
    snprintf(buf + strlen(buf), len - strlen(buf), ", ... (%zu in all)", k->n);
  return buf;
}

static enum og_status resolve(struct og_parse *p, const struct og_strmap *maps)
{
  char buf[400];
  for (size_t i = 0; i < p->n_refs; i++) {
    struct og_pending_ref *r = &p->refs[i];
    size_t k = og__strmap_get(&maps[r->type], r->name);
    if (k != SIZE_MAX) {
      *r->target = k;
      continue;
    }
    struct kind kd = kind_of(p->sc, r->type);
    snprintf(p->path, sizeof p->path, "%s", r->path);
    return og__conf_fail(p, r->node, "unknown %s '%s' (known: %s)", kd.what, r->name,
                         known(&kd, buf, sizeof buf));
  }
  return OG_OK;
}

enum og_status og__scn_names(struct og_parse *p, yaml_node_t *root)
{
  struct og_strmap maps[3] = {{0}};
  enum og_status st = OG_OK;
  for (int t = OG_REF_REGION; t <= OG_REF_CLASS && st == OG_OK; t++) {
    struct kind k = kind_of(p->sc, (enum og_reftype)t);
    st = index_names(p, root, &k, &maps[t]);
  }
  if (st == OG_OK)
    st = resolve(p, maps);
  for (int t = 0; t < 3; t++)
    og__strmap_fini(&maps[t]);
  return st;
}
