/* Loading a scenario: read, parse (libyaml), apply overrides, validate
 * against the schema, resolve names and check what spans several keys. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario_internal.h"

static enum og_status too_big(const char *name, struct og_error *err)
{
  return og_error_set(err, OG_EINVAL, "%s: larger than %d MiB, the limit for a YAML file "
                      "(a scenario is a few kB)", name, OG_YAML_MAX_BYTES >> 20);
}

/* The whole file; reading stops once it is past OG_YAML_MAX_BYTES. */
static enum og_status read_file(const char *path, char **text, size_t *len, struct og_error *err)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return og_error_set(err, OG_EIO, "%s: cannot read: %s", path, strerror(errno));
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf && n <= OG_YAML_MAX_BYTES) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (n < cap - 1)
      break;
    char *b = realloc(buf, cap *= 2);
    if (!b)
      free(buf);
    buf = b;
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf)
    return og_error_set(err, OG_ENOMEM, "%s: out of memory", path);
  if (bad || n > OG_YAML_MAX_BYTES) {
    free(buf);
    return bad ? og_error_set(err, OG_EIO, "%s: cannot read: %s", path, strerror(EIO))
               : too_big(path, err);
  }
  buf[n] = 0;
  *text = buf;
  *len = n;
  return OG_OK;
}

/* libyaml's failure: out of memory, or a syntax error at its mark. */
static enum og_status yaml_fail(struct og_parse *p, const yaml_parser_t *parser)
{
  yaml_mark_t m = parser->problem_mark;
  if (parser->error == YAML_MEMORY_ERROR)
    return og_error_set(p->err, OG_ENOMEM, "%s: out of memory while parsing YAML", p->file);
  return og_error_set(p->err, OG_EPARSE, "%s:%zu:%zu: YAML syntax error: %s%s%s", p->file,
                      m.line + 1, m.column + 1, parser->problem ? parser->problem : "unknown",
                      parser->context ? " " : "", parser->context ? parser->context : "");
}

/* Collections nested deeper than OG_YAML_MAX_DEPTH are refused from the
 * event stream, before libyaml builds the document: its scanner slows
 * down with the depth (100,000 '[' took minutes). */
static enum og_status check_depth(struct og_parse *p, const char *text, size_t len)
{
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser))
    return og_error_set(p->err, OG_ENOMEM, "%s: out of memory while parsing YAML", p->file);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  enum og_status st = OG_OK;
  for (int depth = 0, end = 0; !end && st == OG_OK;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      st = yaml_fail(p, &parser);
      break;
    }
    end = ev.type == YAML_STREAM_END_EVENT;
    depth += ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT;
    depth -= ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT;
    if (depth > OG_YAML_MAX_DEPTH)
      st = og_error_set(p->err, OG_EINVAL, "%s:%zu:%zu: lists and mappings nested more than "
                        "%d deep, the limit for a YAML file", p->file,
                        ev.start_mark.line + 1, ev.start_mark.column + 1, OG_YAML_MAX_DEPTH);
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  return st;
}

/* A second document in the file is an error, not silently ignored. */
static enum og_status only_one_document(struct og_parse *p, yaml_parser_t *parser)
{
  yaml_document_t next;
  if (!yaml_parser_load(parser, &next))
    return yaml_fail(p, parser);
  yaml_node_t *root = yaml_document_get_root_node(&next);
  yaml_mark_t m = root ? next.start_mark : parser->mark;
  yaml_document_delete(&next);
  if (!root)
    return OG_OK;
  return og_error_set(p->err, OG_EPARSE, "%s:%zu:%zu: %s: a second YAML document ('---'): "
                      "one file holds one %s", p->file, m.line + 1, m.column + 1,
                      p->root ? p->root : "scenario", p->root ? p->root : "scenario");
}

static enum og_status parse_yaml(struct og_parse *p, const char *text, size_t len)
{
  if (len > OG_YAML_MAX_BYTES)
    return too_big(p->file, p->err);
  enum og_status st = check_depth(p, text, len);
  if (st != OG_OK)
    return st;
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser))
    return og_error_set(p->err, OG_ENOMEM, "%s: out of memory while parsing YAML", p->file);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  if (!yaml_parser_load(&parser, &p->doc)) {
    st = yaml_fail(p, &parser);
  } else {
    p->have_doc = 1;
    p->n_orig = (int)(p->doc.nodes.top - p->doc.nodes.start);
    if (yaml_document_get_root_node(&p->doc))
      st = only_one_document(p, &parser);
  }
  yaml_parser_delete(&parser);
  return st;
}

enum og_status og__yaml_read(struct og_parse *p, const char *path, char **text)
{
  size_t len = 0;
  *text = NULL;
  enum og_status st = read_file(path, text, &len, p->err);
  return st ? st : parse_yaml(p, *text, len);
}

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
    return og__scn_fail(p, root, "expected a mapping at the top level");
  }
  enum og_status st = og__scn_overrides(p, ov, n_ov);
  if (st != OG_OK)
    return st;
  root = yaml_document_get_root_node(&p->doc);
  og__scn_defaults(&og__scenario_schema, p->sc);
  st = og__scn_walk(p, root, &og__scenario_schema, p->sc);
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
  if ((st = parse_yaml(&p, text, len)) != OG_OK || (st = validate(&p, overrides, n_overrides)))
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
  enum og_status st = read_file(path, &text, &len, err);
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
  }
  for (size_t i = 0; sc->classes && i < sc->n_classes; i++)
    free(sc->classes[i].name);
  free(sc->regions);
  free(sc->models);
  free(sc->classes);
  free(sc->wan);
  free(sc->dishonest);
  free(sc->workload.mmpp);
  free(sc->workload.clients);
  free(sc->workload.mix);
  free(sc->path);
  free(sc->text);
  free(sc->overrides);
  free(sc->name);
  free(sc->platform_file);
  free(sc->calibration);
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
