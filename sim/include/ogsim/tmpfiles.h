/* Files being written under a temporary name, for a signal handler to
 * remove before the process dies (results files; any other writer may join). */
#ifndef OG_TMPFILES_H
#define OG_TMPFILES_H

/* Remember `path` (not copied: it must stay valid until og_tmpfiles_remove)
 * as a file to remove if the process is killed. Returns a slot for
 * og_tmpfiles_remove, or -1 when every slot is taken (the file is then not
 * removed on a signal; nothing else changes). */
int og_tmpfiles_add(const char *path);

/* Forget a slot of og_tmpfiles_add (-1: nothing). */
void og_tmpfiles_remove(int slot);

/* Unlink every remembered file. Async-signal-safe: for signal handlers. */
void og_tmpfiles_unlink_all(void);

#endif
