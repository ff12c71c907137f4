/* The YAML + schema layer shared by the scenario, sweep, zoo and calibration
 * loaders: schema tables, the parse context, the walker and the YAML helpers. */
#ifndef OG_CONF_H
#define OG_CONF_H

#include <stddef.h>
#include <yaml.h>

#include "status.h"
#include "units.h"

struct og_scenario; /* p->sc: set and read by the scenario loader only */

enum og_ftype {
  OG_F_STR,   /* char * */
  OG_F_NAME,  /* char *, a name (og__name_problem) */
  OG_F_U64,   /* uint64_t */
  OG_F_COUNT, /* size_t within [lo, hi] */
  OG_F_UINT,  /* unsigned within [lo, hi] */
  OG_F_NUM,   /* double with a unit, within the range */
  OG_F_ENUM,  /* int, index into names */
  OG_F_BOOL,  /* int */
  OG_F_REF,   /* size_t index of a region or model named by a string */
  OG_F_PAIR,  /* two region names -> size_t at off and off2 */
  OG_F_LIST,  /* pointer at off, count at off2, elements per sub */
  OG_F_MAP,   /* nested mapping of fields at base + off */
  OG_F_SIZES, /* list of non-negative integers: size_t[] at off (at most lo_max
                 = hi entries), count at off2 */
  OG_F_COUNT_MAP, /* a count as OG_F_COUNT at off, or a mapping walked by sub at
                     base + off2 (a distribution in place of a number) */
  OG_F_COUNT_F64, /* a count as OG_F_COUNT, held in a double */
  OG_F_NUM_MAP,   /* a number as OG_F_NUM at off, or a mapping walked by sub at
                     base + off2 (a distribution in place of a number) */
  OG_F_RAW,   /* any value, not read: the loader reads it itself (a mapping
                 whose keys are names of the user's) */
};

enum og_range { OG_R_ANY, OG_R_GT, OG_R_GE, OG_R_GT_LE, OG_R_GE_LE, OG_R_GE_LT };

/* An OG_F_REF or OG_F_PAIR names something of a kind the loader numbers
 * (`ref`) and calls `ref_what` in messages ("region"). The walker only
 * records the name (a pending reference, p->refs); the loader resolves it
 * once every list is read (the scenario's og__scn_names). */

struct og_schema;

struct og_field {
  const char *key;
  enum og_ftype type;
  size_t off, off2;
  enum og_unit_kind unit;
  enum og_range range;
  double lo, hi;
  const char *def;    /* default, written as in a file; NULL: none */
  int required;
  const struct og_schema *sub;
  const char *const *names; /* enum values, NULL-terminated */
  int ref;                  /* OG_F_REF, OG_F_PAIR: the loader's kind of name */
  const char *ref_what;     /* and what it is called in messages */
};

struct og_schema {
  const char *what;   /* "region", "model", ... for messages */
  const struct og_field *fields;
  size_t n_fields;
  size_t size;        /* element size, for lists */
  /* Keys that depend on a value read first (a verification block's
   * protocol has keys of its own): the schema of the further keys this
   * mapping accepts given what it has read into base (NULL: none), and
   * which variant owns a key this one lacks (written into buf, for the
 * message; NULL: none).
   * The variant's defaults apply once the mapping's own keys are read. */
  const struct og_schema *(*variant)(const void *base);
  const char *(*variant_owner)(const void *base, const char *key, char *buf, size_t len);
};

/* A schema of the fields f, read into a T. */
#define OG_SCHEMA(w, f, T) \
  {.what = w, .fields = f, .n_fields = sizeof f / sizeof f[0], .size = sizeof(T)}

/* A name to resolve once every list is read. */
struct og_pending_ref {
  int type;                 /* og_field.ref */
  const char *name;
  size_t *target;
  yaml_node_t *node;
  char path[512];
};

struct og_parse {
  const char *file;      /* also the base of relative paths (og__conf_resolve_path) */
  const char *root;      /* what the top level is called in messages ["scenario"] */
  yaml_document_t doc;
  int have_doc;
  int n_orig;            /* nodes 1..n_orig come from the file */
  const char **origin;   /* per node id: the --set text that made it, or NULL */
  int n_origin;
  struct og_error *err;
  struct og_scenario *sc;
  struct og_pending_ref *refs;
  size_t n_refs, cap_refs;
  char path[512];
};

/* Fill err with "WHERE: path: message" for node (file:line:col, or the
 * --set that made it); returns OG_EINVAL. */
enum og_status og__conf_fail(struct og_parse *p, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Walk a mapping node against a schema, writing into base. */
OG_MUST_CHECK enum og_status og__conf_walk(struct og_parse *p, yaml_node_t *node,
                                           const struct og_schema *s, void *base);
/* Apply the schema's defaults to base (before walking). */
void og__conf_defaults(const struct og_schema *s, void *base);

/* Apply "PATH=VALUE" overrides to p->doc. */
OG_MUST_CHECK enum og_status og__conf_overrides(struct og_parse *p, const char *const *ov,
                                                size_t n);

/* Limits on every YAML file read (scenarios, sweeps, zoo, calibration):
 * size in bytes and nesting of lists and mappings. */
#define OG_YAML_MAX_BYTES (16 << 20)
#define OG_YAML_MAX_DEPTH 64

/* The whole file at path into *text (len bytes, 0-terminated, owned by the
 * caller); refused past OG_YAML_MAX_BYTES. */
OG_MUST_CHECK enum og_status og__yaml_file(const char *path, char **text, size_t *len,
                                           struct og_error *err);
/* Parse text into p->doc (p->file names it): one document, nested at most
 * OG_YAML_MAX_DEPTH. */
OG_MUST_CHECK enum og_status og__yaml_parse(struct og_parse *p, const char *text, size_t len);
/* Both: read and parse the file at path. *text is owned by the caller. */
OG_MUST_CHECK enum og_status og__yaml_read(struct og_parse *p, const char *path, char **text);

/* Read path and walk its top-level mapping (called root_name in messages)
 * against s into base; then check(p, base) if given, while the document
 * (for error positions) is still there. */
OG_MUST_CHECK enum og_status og__yaml_load_struct(const char *path, const char *root_name,
                                                  const struct og_schema *s, void *base,
                                                  enum og_status (*check)(struct og_parse *,
                                                                          void *),
                                                  struct og_error *err);

/* Make a path relative to the directory of p->file (in place). */
OG_MUST_CHECK enum og_status og__conf_resolve_path(struct og_parse *p, char **path);
/* yaml helpers for error positions: root[key], seq[i] (NULL when absent). */
yaml_node_t *og__conf_get(struct og_parse *p, yaml_node_t *map, const char *key);
yaml_node_t *og__conf_nth(struct og_parse *p, yaml_node_t *seq, size_t i);

/* Longest name, in bytes, of anything a scenario names. */
#define OG_NAME_MAX 64

/* NULL when name may name a region, model, class or scenario: 1 to
 * OG_NAME_MAX bytes of letters, digits, '_', '-' and '.', not starting with
 * '.' or '-' (names become host ids in XML and file names). Otherwise why
 * not, in buf. */
const char *og__name_problem(const char *name, char *buf, size_t len);

#endif
