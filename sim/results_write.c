/* Writing a results file: root attributes, /summary and /perf scalars and
 * column tables, to a temporary name renamed into place once complete. */
#include "results_io.h"
#include "results_h5.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
  return OG_OK;
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

/* The file keeps link and attribute creation order for readers, and no
 * timestamps. Closing it fails if anything in it was left open (SEMI), so a
 * forgotten id cannot leave the file unflushed. */
static hid_t create_file(const struct og__wctx *w, const char *tmp)
{
  const unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), fapl = H5Pcreate(H5P_FILE_ACCESS), file = -1;
  if (fcpl >= 0 && fapl >= 0 && H5Pset_link_creation_order(fcpl, order) >= 0 &&
      H5Pset_attr_creation_order(fcpl, order) >= 0 && H5Pset_obj_track_times(fcpl, 0) >= 0 &&
      H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI) >= 0)
    file = H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, fapl);
  if (file < 0) {
    char reason[512];
    og__h5_reason(reason, sizeof reason);
    og_error_set(w->err, OG_EIO, "cannot create '%s': %s", tmp, reason);
  }
  if (fapl >= 0)
    H5Pclose(fapl);
  if (fcpl >= 0)
    H5Pclose(fcpl);
  return file;
}

/* /summary and /perf come first, for readers listing the root in creation
 * order; root attributes last, so that attribute text of another length
 * moves no other object in the file. */
static enum og_status write_file(const char *tmp, const char *path,
                                 const struct og_results_doc *doc, struct og_error *err)
{
  struct og__wctx w;
  enum og_status st = og__wctx_init(&w, path, err);
  hid_t file;
  if (st)
    return st;
  file = create_file(&w, tmp);
  if (file < 0) {
    og__wctx_fini(&w);
    return OG_EIO;
  }
  st = write_scalars(&w, file, "summary", doc->summary, doc->n_summary);
  if (!st)
    st = write_scalars(&w, file, "perf", doc->perf, doc->n_perf);
  for (size_t i = 0; i < doc->n_tables && !st; i++)
    st = og__results_write_table(&w, file, &doc->tables[i]);
  if (!st)
    st = write_attrs(&w, file, doc);
  if (H5Fclose(file) < 0 && !st)
    st = og__h5_fail(&w, "file", path);
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

static char *tmp_name(const char *path)
{
  size_t size = strlen(path) + 32;
  char *tmp = malloc(size);
  if (tmp)
    snprintf(tmp, size, "%s.tmp.%ld", path, (long)getpid());
  return tmp;
}

/* Create (or empty) the temporary file ourselves first, so that a failure
 * is reported with the system's reason rather than HDF5's. */
static enum og_status precreate(const char *tmp, struct og_error *err)
{
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0)
    return og_error_set(err, OG_EIO, "cannot create '%s': %s", tmp, strerror(errno));
  close(fd);
  return OG_OK;
}

/* Flush the finished file to disk before it takes the final name. */
static enum og_status sync_file(const char *tmp, struct og_error *err)
{
  int fd = open(tmp, O_RDONLY);
  if (fd < 0 || fsync(fd) != 0) {
    enum og_status st = og_error_set(err, OG_EIO, "cannot sync '%s': %s", tmp, strerror(errno));
    if (fd >= 0)
      close(fd);
    return st;
  }
  close(fd);
  return OG_OK;
}

enum og_status og_results_write(const char *path, const struct og_results_doc *doc,
                                struct og_error *err)
{
  struct og__h5_quiet q;
  char *tmp;
  enum og_status st = check_doc(path, doc, err);
  if (st)
    return st;
  tmp = tmp_name(path);
  if (!tmp)
    return og_error_set(err, OG_ENOMEM, "cannot write '%s': out of memory", path);
  st = precreate(tmp, err);
  if (!st) {
    og__h5_quiet_begin(&q);
    st = write_file(tmp, path, doc, err);
    og__h5_quiet_end(&q);
  }
  if (!st)
    st = sync_file(tmp, err);
  if (!st && rename(tmp, path) != 0)
    st = og_error_set(err, OG_EIO, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
  if (st)
    unlink(tmp);
  free(tmp);
  return st;
}
