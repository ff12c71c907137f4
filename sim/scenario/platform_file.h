/* The first check of a user's SimGrid platform file: SimGrid aborts the
 * process on a file it cannot parse, so the obvious mistakes (a directory,
 * a file that is not XML) are caught before it sees them. */
#ifndef OG_PLATFORM_FILE_H
#define OG_PLATFORM_FILE_H

#include <stddef.h>

/* 0 when path is a readable regular file that starts like a platform's
 * XML (after a byte-order mark and white space: "<?xml", "<!DOCTYPE
 * platform", "<platform" or a comment); else -1 with why it is not in why. */
int og_platform_file_check(const char *path, char *why, size_t len);

#endif
