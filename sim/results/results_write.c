/* Writing a results file: root attributes, /summary and /perf scalars and
 * column tables, built in memory and then put in place (results_file.c). */
#include "results_io.h"
#include "results_h5.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Growth step of the in-memory file. */
enum { IMAGE_INCREMENT = 1 << 20 };

static enum og_status put_num_attr(const struct og__wctx *w, hid_t obj, const char *name, double v)
{
  return og__h5_put_attr(w, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
}

static enum og_status write_attrs(const struct og__wctx *w, hid_t file, const struct og_results_doc *doc)
{
  for (size_t i = 0; i < doc->n_attrs; i++) {
    const struct og_attr *a = &doc->attrs[i];
    enum og_status st = a->text ? og__h5_put_str_attr(w, file, a->name, a->text)
                                : put_num_attr(w, file, a->name, a->value);
    if (st)
      return st;
  }
  int version = OG_RESULTS_SCHEMA_VERSION;
  return og__h5_put_attr(w, file, "schema_version", H5T_STD_I32LE, H5T_NATIVE_INT, &version);
}

static enum og_status write_scalar(const struct og__wctx *w, hid_t group, const struct og_scalar *s)
{
  hid_t space = H5Screate(H5S_SCALAR), d = -1;
  enum og_status st = OG_OK;
  if (space >= 0)
    d = H5Dcreate2(group, s->name, H5T_IEEE_F64LE, space, H5P_DEFAULT, w->ocpl, H5P_DEFAULT);
  if (d < 0 || H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &s->value) < 0)
    st = og__h5_fail(w, "scalar", s->name);
  if (!st)
    st = og__h5_put_str_attr(w, d, "unit", s->unit);
  if (!st)
    st = og__h5_put_str_attr(w, d, "description", s->desc);
  if (d >= 0)
    H5Dclose(d);
  if (space >= 0)
    H5Sclose(space);
  return st;
}

static enum og_status write_scalars(const struct og__wctx *w, hid_t file, const char *name,
                                    const struct og_scalar *s, size_t n)
{
  enum og_status st = OG_OK;
  hid_t g = H5Gcreate2(file, name, w->lcpl, w->gcpl, H5P_DEFAULT);
  if (g < 0)
    return og__h5_fail(w, "group", name);
  for (size_t i = 0; i < n && !st; i++)
    st = write_scalar(w, g, &s[i]);
  H5Gclose(g);
  return st;
}

/* The file is built in memory (HDF5's core driver, no backing store) and
 * written out by og__results_put_file: HDF5 1.10 cannot close a file whose
 * last write failed (the id stays, and the library crashes at exit), and
 * a write of our own reports the system's reason (ENOSPC...). It keeps link
 * and attribute creation order for readers, and no timestamps. Closing it
 * fails if anything in it was left open (SEMI). */
static hid_t create_file(const struct og__wctx *w)
{
  const unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), fapl = H5Pcreate(H5P_FILE_ACCESS), file = -1;
  if (fcpl >= 0 && fapl >= 0 && H5Pset_link_creation_order(fcpl, order) >= 0 &&
      H5Pset_attr_creation_order(fcpl, order) >= 0 && H5Pset_obj_track_times(fcpl, 0) >= 0 &&
      H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI) >= 0 &&
      H5Pset_fapl_core(fapl, IMAGE_INCREMENT, 0) >= 0)
    file = H5Fcreate(w->path, H5F_ACC_TRUNC, fcpl, fapl);
  if (file < 0)
    og__h5_fail(w, "file", w->path);
  if (fapl >= 0)
    H5Pclose(fapl);
  if (fcpl >= 0)
    H5Pclose(fcpl);
  return file;
}

/* Copy the finished file's bytes into *image (allocated). */
static enum og_status take_image(const struct og__wctx *w, hid_t file, void **image,
                                 size_t *size)
{
  ssize_t n = H5Fflush(file, H5F_SCOPE_LOCAL) < 0 ? -1 : H5Fget_file_image(file, NULL, 0);
  if (n < 0)
    return og__h5_fail(w, "file", w->path);
  *image = malloc(n > 0 ? (size_t)n : 1);
  if (!*image)
    return og_error_set(w->err, OG_ENOMEM, "cannot write '%s': out of memory (%zd-byte file)",
                        w->path, n);
  if (H5Fget_file_image(file, *image, (size_t)n) != n) {
    free(*image);
    *image = NULL;
    return og__h5_fail(w, "file", w->path);
  }
  *size = (size_t)n;
  return OG_OK;
}

static enum og_status write_doc(const struct og__wctx *w, hid_t file,
                                const struct og_results_doc *doc)
{
  enum og_status st = write_scalars(w, file, "summary", doc->summary, doc->n_summary);
  if (!st)
    st = write_scalars(w, file, "perf", doc->perf, doc->n_perf);
  for (size_t i = 0; i < doc->n_tables && !st; i++)
    st = og__results_write_table(w, file, &doc->tables[i]);
  if (!st)
    st = write_attrs(w, file, doc);
  return st;
}

/* /summary and /perf come first, for readers listing the root in creation
 * order; root attributes last, so that attribute text of another length
 * moves no other object in the file. On failure *image is NULL. */
static enum og_status build_image(const char *path, const struct og_results_doc *doc,
                                  void **image, size_t *size, struct og_error *err)
{
  struct og__wctx w;
  enum og_status st = og__wctx_init(&w, path, err);
  hid_t file;
  *image = NULL;
  if (st)
    return st;
  file = create_file(&w);
  st = file < 0 ? OG_EIO : write_doc(&w, file, doc);
  if (!st)
    st = take_image(&w, file, image, size);
  if (file >= 0 && H5Fclose(file) < 0 && !st)
    st = og__h5_fail(&w, "file", path);
  if (st) {
    free(*image);
    *image = NULL;
  }
  og__wctx_fini(&w);
  return st;
}

/* The name of element i of an array of structs whose first member is
 * `const char *name` (og_attr, og_scalar, og_column and og_table all are). */
static const char *name_at(const void *base, size_t stride, size_t i)
{
  return *(const char *const *)((const char *)base + i * stride);
}

/* Names must be non-empty, unique within their list and, where they name a
 * single HDF5 link, free of '/'. */
static enum og_status check_names(const char *path, const void *base, size_t n, size_t stride,
                                  const char *what, int slash_ok, struct og_error *err)
{
  if (n > 0 && !base)
    return og_error_set(err, OG_EINVAL, "cannot write '%s': %s list is NULL", path, what);
  for (size_t i = 0; i < n; i++) {
    const char *name = name_at(base, stride, i);
    if (!name || !name[0] || !strcmp(name, "."))
      return og_error_set(err, OG_EINVAL, "cannot write '%s': %s #%zu has no name", path, what, i);
    if (!slash_ok && strchr(name, '/'))
      return og_error_set(err, OG_EINVAL, "cannot write '%s': %s name '%s' contains '/'", path,
                          what, name);
    for (size_t j = 0; j < i; j++)
      if (!strcmp(name, name_at(base, stride, j)))
        return og_error_set(err, OG_EINVAL, "cannot write '%s': %s '%s' appears twice", path,
                            what, name);
  }
  return OG_OK;
}

static enum og_status check_table(const char *path, const struct og_table *t, struct og_error *err)
{
  enum og_status st;
  if (!strcmp(t->name, "summary") || !strcmp(t->name, "perf"))
    return og_error_set(err, OG_EINVAL, "cannot write '%s': table name '%s' is reserved", path,
                        t->name);
  if (t->n_cols == 0)
    return og_error_set(err, OG_EINVAL, "cannot write '%s': table '%s' has no columns", path,
                        t->name);
  st = check_names(path, t->cols, t->n_cols, sizeof *t->cols, "column", 0, err);
  for (size_t i = 0; i < t->n_cols && !st; i++) {
    const struct og_column *c = &t->cols[i];
    if (c->type != OG_COL_F64 && c->type != OG_COL_I64 && c->type != OG_COL_U32 &&
        c->type != OG_COL_STR)
      st = og_error_set(err, OG_EINVAL, "cannot write '%s': column '%s' of table '%s' has an "
                        "unknown type", path, c->name, t->name);
    else if (t->n_rows > 0 && !c->data)
      st = og_error_set(err, OG_EINVAL, "cannot write '%s': column '%s' of table '%s' has no "
                        "data", path, c->name, t->name);
  }
  return st;
}

static enum og_status check_doc(const char *path, const struct og_results_doc *doc,
                                struct og_error *err)
{
  enum og_status st;
  if (!path || !path[0] || !doc)
    return og_error_set(err, OG_EINVAL, "results file: no %s given", doc ? "path" : "document");
  st = check_names(path, doc->attrs, doc->n_attrs, sizeof *doc->attrs, "attribute", 0, err);
  for (size_t i = 0; i < doc->n_attrs && !st; i++)
    if (!strcmp(doc->attrs[i].name, "schema_version"))
      st = og_error_set(err, OG_EINVAL, "cannot write '%s': attribute name 'schema_version' is "
                        "reserved", path);
  if (!st)
    st = check_names(path, doc->summary, doc->n_summary, sizeof *doc->summary, "summary scalar",
                     0, err);
  if (!st)
    st = check_names(path, doc->perf, doc->n_perf, sizeof *doc->perf, "perf scalar", 0, err);
  if (!st)
    st = check_names(path, doc->tables, doc->n_tables, sizeof *doc->tables, "table", 1, err);
  for (size_t i = 0; i < doc->n_tables && !st; i++)
    st = check_table(path, &doc->tables[i], err);
  return st;
}

enum og_status og_results_write(const char *path, const struct og_results_doc *doc,
                                struct og_error *err)
{
  struct og__h5_quiet q;
  void *image = NULL;
  size_t size = 0;
  enum og_status st = check_doc(path, doc, err);
  if (!st)
    st = og_results_check_path(path, err);
  if (st)
    return st;
  og__h5_quiet_begin(&q);
  st = build_image(path, doc, &image, &size, err);
  og__h5_quiet_end(&q);
  if (!st)
    st = og__results_put_file(path, image, size, err);
  free(image);
  return st;
}
