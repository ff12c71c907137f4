/* Reading back a results file's root attributes and its /summary and /perf
 * scalars, in the order they were written. */
#include "results_io.h"
#include "results_h5.h"

#include <stdlib.h>
#include <string.h>

/* A read in progress: the file, for messages, and what has been copied.
 * st is the first failure; helpers set it, return it, and do nothing more
 * once it is set. */
struct rctx {
  const char *path;
  struct og_error *err;
  struct og_results_summary *s;
  enum og_status st;
};

static enum og_status nomem(struct rctx *r)
{
  return r->st = og_error_set(r->err, OG_ENOMEM, "'%s': out of memory", r->path);
}

static enum og_status h5read_fail(struct rctx *r, const char *what, const char *name)
{
  char reason[512];
  og__h5_reason(reason, sizeof reason);
  return r->st = og_error_set(r->err, OG_EIO, "'%s': cannot read %s '%s': %s", r->path, what,
                              name, reason);
}

static char *dup_str(const char *s)
{
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  return p ? memcpy(p, s, n) : NULL;
}

/* Index to iterate a group's links or attributes by: creation order where
 * the writer kept one (ogsim always does), else name. */
static H5_index_t group_index(hid_t group, int attrs)
{
  const unsigned both = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  unsigned flags = 0;
  hid_t gcpl = H5Gget_create_plist(group);
  if (gcpl >= 0) {
    herr_t rc = attrs ? H5Pget_attr_creation_order(gcpl, &flags)
                      : H5Pget_link_creation_order(gcpl, &flags);
    if (rc < 0)
      flags = 0;
    H5Pclose(gcpl);
  }
  return (flags & both) == both ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
}

/* 1 when an attribute or dataset of this type and space is one number. */
static int is_number(hid_t type, hid_t space)
{
  H5T_class_t c = type < 0 ? H5T_NO_CLASS : H5Tget_class(type);
  return (c == H5T_FLOAT || c == H5T_INTEGER) && space >= 0 &&
         H5Sget_simple_extent_npoints(space) == 1;
}

/* 1 when it is one string. */
static int is_text(hid_t type, hid_t space)
{
  return type >= 0 && H5Tget_class(type) == H5T_STRING && space >= 0 &&
         H5Sget_simple_extent_npoints(space) == 1;
}

/* The text of a variable-length string attribute into *out (new). */
static enum og_status read_vlen(struct rctx *r, hid_t a, hid_t mt, const char *what,
                                const char *name, char **out)
{
  char *v = NULL;
  if (H5Aread(a, mt, &v) < 0)
    return h5read_fail(r, what, name);
  *out = dup_str(v ? v : "");
  H5free_memory(v);
  return *out ? OG_OK : nomem(r);
}

/* The text of a fixed-length string attribute of `size` bytes into *out. */
static enum og_status read_fixed(struct rctx *r, hid_t a, hid_t mt, size_t size,
                                 const char *what, const char *name, char **out)
{
  enum og_status st;
  if (!(*out = calloc(size + 1, 1)))
    return nomem(r);
  if (H5Aread(a, mt, *out) >= 0)
    return OG_OK;
  st = h5read_fail(r, what, name);
  free(*out);
  *out = NULL;
  return st;
}

/* The text of one-element string attribute a into *out (a new string);
 * on failure *out is NULL and r->st says why, naming it `what` `name`. */
static enum og_status attr_text(struct rctx *r, hid_t a, const char *what, const char *name,
                                char **out)
{
  hid_t type = H5Aget_type(a), space = H5Aget_space(a), mt = -1;
  enum og_status st;
  *out = NULL;
  if (!is_text(type, space) || (mt = H5Tcopy(type)) < 0)
    st = h5read_fail(r, what, name);
  else if (H5Tis_variable_str(type) > 0)
    st = read_vlen(r, a, mt, what, name, out);
  else
    st = read_fixed(r, a, mt, H5Tget_size(type), what, name, out);
  if (mt >= 0)
    H5Tclose(mt);
  if (space >= 0)
    H5Sclose(space);
  if (type >= 0)
    H5Tclose(type);
  return st;
}

/* What kind of root attribute a is: 't' text, 'n' number, 0 other. */
static int attr_kind(hid_t a)
{
  hid_t type = H5Aget_type(a), space = H5Aget_space(a);
  int kind = is_text(type, space) ? 't' : is_number(type, space) ? 'n' : 0;
  if (space >= 0)
    H5Sclose(space);
  if (type >= 0)
    H5Tclose(type);
  return kind;
}

/* Copy attribute a into a new last entry of r->s->attrs. */
static enum og_status append_attr(struct rctx *r, hid_t a, const char *name, int kind)
{
  struct og_results_summary *s = r->s;
  struct og_attr *grown = realloc(s->attrs, (s->n_attrs + 1) * sizeof *grown), *out;
  if (!grown)
    return nomem(r);
  s->attrs = grown;
  out = &s->attrs[s->n_attrs++];
  *out = (struct og_attr){dup_str(name), NULL, 0};
  if (!out->name)
    return nomem(r);
  if (kind == 't' && attr_text(r, a, "attribute", name, (char **)&out->text))
    return r->st;
  if (kind == 'n' && H5Aread(a, H5T_NATIVE_DOUBLE, &out->value) < 0)
    return h5read_fail(r, "attribute", name);
  return OG_OK;
}

/* H5Aiterate2 callback: append root attribute `name` if it is a string or
 * a number; other kinds are skipped, and so is schema_version (the
 * writer's own, not the document's: written again by og_results_write). */
static herr_t add_attr(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
  struct rctx *r = data;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  int kind;
  (void)info;
  if (!strcmp(name, "schema_version")) {
    if (a >= 0)
      H5Aclose(a);
    return 0;
  }
  if (a < 0) {
    h5read_fail(r, "attribute", name);
    return -1;
  }
  kind = attr_kind(a);
  if (kind)
    append_attr(r, a, name, kind);
  H5Aclose(a);
  return r->st ? -1 : 0;
}

/* Text of string attribute `name` of scalar `owner`, "" when it has none. */
static char *opt_text(struct rctx *r, hid_t obj, const char *name, const char *owner)
{
  htri_t has = H5Aexists(obj, name);
  hid_t a = has > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
  char *text = NULL;
  if (has == 0 && !(text = dup_str("")))
    nomem(r);
  else if (has != 0 && a < 0)
    h5read_fail(r, "attribute of", owner);
  else if (a >= 0 && attr_kind(a) != 't')
    r->st = og_error_set(r->err, OG_EPARSE, "'%s': attribute %s of '%s' is not a string",
                         r->path, name, owner);
  else if (a >= 0)
    attr_text(r, a, "attribute of", owner, &text);
  if (a >= 0)
    H5Aclose(a);
  return text;
}

/* Fill *out from dataset `name` of group g: a numeric scalar with optional
 * string attributes unit and description. */
static enum og_status read_scalar(struct rctx *r, hid_t g, const char *group, const char *name,
                                  struct og_scalar *out)
{
  hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
  hid_t type = d < 0 ? -1 : H5Dget_type(d), space = d < 0 ? -1 : H5Dget_space(d);
  if (d < 0)
    h5read_fail(r, group, name);
  else if (!is_number(type, space))
    r->st = og_error_set(r->err, OG_EPARSE, "'%s': /%s/%s is not a numeric scalar", r->path,
                         group, name);
  else if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &out->value) < 0)
    h5read_fail(r, group, name);
  if (!r->st)
    out->unit = opt_text(r, d, "unit", name);
  if (!r->st)
    out->desc = opt_text(r, d, "description", name);
  if (space >= 0)
    H5Sclose(space);
  if (type >= 0)
    H5Tclose(type);
  if (d >= 0)
    H5Dclose(d);
  return r->st;
}

/* The name of link i of g in index order, as a new string (*out); on
 * failure *out is NULL and r->st says why. */
static enum og_status link_name(struct rctx *r, hid_t g, const char *group, H5_index_t idx,
                                hsize_t i, char **out)
{
  ssize_t len = H5Lget_name_by_idx(g, ".", idx, H5_ITER_INC, i, NULL, 0, H5P_DEFAULT);
  *out = NULL;
  if (len < 0)
    return h5read_fail(r, "group", group);
  if (!(*out = malloc((size_t)len + 1)))
    return nomem(r);
  if (H5Lget_name_by_idx(g, ".", idx, H5_ITER_INC, i, *out, (size_t)len + 1, H5P_DEFAULT) >= 0)
    return OG_OK;
  free(*out);
  *out = NULL;
  return h5read_fail(r, "group", group);
}

/* Read every scalar of group g into *list (allocated here; *n counts the
 * entries begun, so a failure halfway leaves nothing unowned). */
static enum og_status read_scalars(struct rctx *r, hid_t g, const char *group,
                                   struct og_scalar **list, size_t *n)
{
  H5G_info_t info;
  H5_index_t idx = group_index(g, 0);
  if (H5Gget_info(g, &info) < 0)
    return h5read_fail(r, "group", group);
  *list = calloc(info.nlinks ? info.nlinks : 1, sizeof **list);
  if (!*list)
    return nomem(r);
  for (hsize_t i = 0; i < info.nlinks && !r->st; i++) {
    struct og_scalar *out = &(*list)[(*n)++];
    char *name;
    if (!link_name(r, g, group, idx, i, &name))
      read_scalar(r, g, group, name, out);
    out->name = name;
  }
  return r->st;
}

/* Read /<group>; a missing /perf is an empty one (required: /summary). */
static enum og_status read_group(struct rctx *r, hid_t file, const char *group,
                                 struct og_scalar **list, size_t *n)
{
  htri_t has = H5Lexists(file, group, H5P_DEFAULT);
  hid_t g = has > 0 ? H5Gopen2(file, group, H5P_DEFAULT) : -1;
  if (g < 0 && !strcmp(group, "perf") && has == 0)
    return OG_OK;
  if (g < 0)
    return r->st = og_error_set(r->err, OG_EPARSE,
                                "'%s': not an ogsim results file (no /%s)", r->path, group);
  read_scalars(r, g, group, list, n);
  H5Gclose(g);
  return r->st;
}

static enum og_status read_file(struct rctx *r, hid_t file)
{
  hid_t root = H5Gopen2(file, "/", H5P_DEFAULT);
  if (root < 0)
    return h5read_fail(r, "group", "/");
  read_group(r, file, "summary", &r->s->summary, &r->s->n_summary);
  if (!r->st)
    read_group(r, file, "perf", &r->s->perf, &r->s->n_perf);
  if (!r->st && H5Aiterate2(root, group_index(root, 1), H5_ITER_INC, NULL, add_attr, r) < 0 &&
      !r->st)
    h5read_fail(r, "attributes of", "/");
  H5Gclose(root);
  return r->st;
}

static enum og_status open_file(struct rctx *r, hid_t *file)
{
  return r->st = og__h5_open_read(r->path, file, r->err);
}

enum og_status og_results_read_summary(const char *path, struct og_results_summary **out,
                                       struct og_error *err)
{
  struct rctx r = {path, err, NULL, OG_OK};
  struct og__h5_quiet q;
  hid_t file = -1;
  if (out)
    *out = NULL;
  if (!path || !out)
    return og_error_set(err, OG_EINVAL, "results file: no %s given", path ? "output" : "path");
  r.s = calloc(1, sizeof *r.s);
  if (!r.s)
    return nomem(&r);
  og__h5_quiet_begin(&q);
  if (!open_file(&r, &file))
    read_file(&r, file);
  if (file >= 0)
    H5Fclose(file);
  og__h5_quiet_end(&q);
  if (r.st) {
    og_results_summary_free(r.s);
    return r.st;
  }
  *out = r.s;
  return OG_OK;
}

static void free_scalars(struct og_scalar *list, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free((char *)list[i].name);
    free((char *)list[i].unit);
    free((char *)list[i].desc);
  }
  free(list);
}

void og_results_summary_free(struct og_results_summary *s)
{
  if (!s)
    return;
  for (size_t i = 0; i < s->n_attrs; i++) {
    free((char *)s->attrs[i].name);
    free((char *)s->attrs[i].text);
  }
  free(s->attrs);
  free_scalars(s->summary, s->n_summary);
  free_scalars(s->perf, s->n_perf);
  free(s);
}
