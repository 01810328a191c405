/*
 * Opening the files a scene names.  Paths in the library are UTF-8; on
 * Windows fopen() would read them in the local code page and miss any name
 * outside it, so readers open files through here.
 */
#ifndef SP_FILE_H
#define SP_FILE_H

#include "common.h"

#include <stdio.h>

SP_BEGIN_DECL

/**
 * Open `path` (UTF-8) for reading in binary mode.  NULL with errno set
 * (ENOENT or ENOTDIR when nothing is there) and no message on any context:
 * the caller names the file in its own words.
 */
SP_EXTERN(FILE *) sp_fopen_read(const char *path);

/**
 * The real path of an existing file or folder into `out`: absolute, links
 * followed, "." and ".." gone, "/" separators (a drive or UNC root on
 * Windows).  0, or SP_ENOTFOUND when nothing is there, SP_ENOMEM, SP_EIO;
 * no message is set anywhere.
 */
SP_EXTERN(int) sp_realpath(sp_buf *out, const char *path) SP_MUST_CHECK;

SP_END_DECL

#endif
