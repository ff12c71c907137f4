/* Reading a YAML file (scenario, sweep, zoo, calibration) into a document:
 * limits on size and nesting, syntax errors at their line and column. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

static enum og_status too_big(const char *name, struct og_error *err)
{
  return og_error_set(err, OG_EINVAL, "%s: larger than %d MiB, the limit for a YAML file "
                      "(a scenario is a few kB)", name, OG_YAML_MAX_BYTES >> 20);
}

/* Reading stops once the file is past OG_YAML_MAX_BYTES. */
enum og_status og__yaml_file(const char *path, char **text, size_t *len, struct og_error *err)
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

enum og_status og__yaml_parse(struct og_parse *p, const char *text, size_t len)
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
  enum og_status st = og__yaml_file(path, text, &len, p->err);
  return st ? st : og__yaml_parse(p, *text, len);
}
