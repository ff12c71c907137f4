/* Loading a scenario: read, parse (libyaml), apply overrides, validate
 * against the schema, resolve names and check what spans several keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario_internal.h"

/* File name without directory and extension, for the default name. */
static char *stem(const char *path)
{
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  const char *dot = strrchr(b, '.');
  return strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

static enum og_status join_overrides(struct og_scenario *sc, const char *const *ov, size_t n)
{
  size_t len = 1;
  for (size_t i = 0; i < n; i++)
    len += strlen(ov[i]) + 1;
  if (!(sc->overrides = calloc(1, len)))
    return OG_ENOMEM;
  for (size_t i = 0; i < n; i++)
    strcat(strcat(sc->overrides, ov[i]), "\n");
  return OG_OK;
}

static enum og_status validate(struct og_parse *p, const char *const *ov, size_t n_ov)
{
  yaml_node_t *root = yaml_document_get_root_node(&p->doc);
  if (!root || root->type != YAML_MAPPING_NODE) {
    p->path[0] = 0;
    if (!root)
      return og_error_set(p->err, OG_EINVAL,
                          "%s:1:1: scenario: expected a mapping at the top level (the file is "
                          "empty)", p->file);
    return og__conf_fail(p, root, "expected a mapping at the top level");
  }
  enum og_status st = og__conf_overrides(p, ov, n_ov);
  if (st != OG_OK)
    return st;
  root = yaml_document_get_root_node(&p->doc);
  og__conf_defaults(&og__scenario_schema, p->sc);
  st = og__conf_walk(p, root, &og__scenario_schema, p->sc);
  return st ? st : og__scn_finish(p, root);
}

enum og_status og_scenario_parse(const char *text, size_t len, const char *name,
                                 const char *const *overrides, size_t n_overrides,
                                 const uint64_t *seed_override, struct og_scenario **out,
                                 struct og_error *err)
{
  struct og_parse p = {.file = name, .err = err};
  *out = NULL;
  p.sc = calloc(1, sizeof *p.sc);
  if (!p.sc)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  enum og_status st = OG_ENOMEM;
  p.sc->path = strdup(name);
  p.sc->text = strndup(text, len);
  if (!p.sc->path || !p.sc->text || join_overrides(p.sc, overrides, n_overrides) != OG_OK)
    goto fail;
  if ((st = og__yaml_parse(&p, text, len)) != OG_OK || (st = validate(&p, overrides, n_overrides)))
    goto fail;
  if (!p.sc->name && !(p.sc->name = stem(name))) {
    st = og_error_set(err, OG_ENOMEM, "out of memory");
    goto fail;
  }
  if (seed_override)
    p.sc->seed = *seed_override;
  *out = p.sc;
  p.sc = NULL;
fail:
  if (st == OG_ENOMEM && err && !err->msg[0])
    og_error_set(err, st, "out of memory");
  og_scenario_free(p.sc);
  if (p.have_doc)
    yaml_document_delete(&p.doc);
  free(p.origin);
  free(p.refs);
  return st;
}

enum og_status og_scenario_load(const char *path, const char *const *overrides,
                                size_t n_overrides, const uint64_t *seed_override,
                                struct og_scenario **out, struct og_error *err)
{
  char *text = NULL;
  size_t len = 0;
  *out = NULL;
  enum og_status st = og__yaml_file(path, &text, &len, err);
  if (st != OG_OK)
    return st;
  st = og_scenario_parse(text, len, path, overrides, n_overrides, seed_override, out, err);
  free(text);
  return st;
}

void og_scenario_free(struct og_scenario *sc)
{
  if (!sc)
    return;
  for (size_t i = 0; sc->regions && i < sc->n_regions; i++)
    free(sc->regions[i].name);
  for (size_t i = 0; sc->models && i < sc->n_models; i++) {
    free(sc->models[i].name);
    free(sc->models[i].zoo);
    free(sc->models[i].zoo_path);
    og__scn_shape_free(&sc->models[i].prompt);
    og__scn_shape_free(&sc->models[i].output);
    og__scn_shape_free(&sc->models[i].request_size);
    og__scn_shape_free(&sc->models[i].response_size);
  }
  for (size_t i = 0; sc->classes && i < sc->n_classes; i++) {
    free(sc->classes[i].name);
    og__scn_hosts_free(&sc->classes[i]);
  }
  free(sc->regions);
  free(sc->models);
  free(sc->classes);
  for (size_t i = 0; sc->storage && i < sc->n_storage; i++)
    free(sc->storage[i].name);
  free(sc->storage);
  free(sc->requested);
  free(sc->wan);
  free(sc->dishonest);
  free(sc->workload.mmpp);
  free(sc->workload.clients);
  free(sc->workload.mix);
  og__scn_trace_free(&sc->workload.trace);
  free(sc->path);
  free(sc->text);
  free(sc->overrides);
  free(sc->name);
  free(sc->platform_file);
  free(sc->calibration);
  free(sc->economics.currency);
  free(sc);
}

size_t og_scenario_node_count(const struct og_scenario *sc)
{
  size_t n = 0;
  for (size_t i = 0; i < sc->n_classes; i++)
    n += sc->classes[i].count;
  return n;
}

long og_scenario_find_region(const struct og_scenario *sc, const char *name)
{
  for (size_t i = 0; i < sc->n_regions; i++)
    if (!strcmp(sc->regions[i].name, name))
      return (long)i;
  return -1;
}

long og_scenario_find_model(const struct og_scenario *sc, const char *name)
{
  for (size_t i = 0; i < sc->n_models; i++)
    if (!strcmp(sc->models[i].name, name))
      return (long)i;
  return -1;
}
