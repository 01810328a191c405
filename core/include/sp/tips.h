/*
 * Tip codes: the farm's own where it has one, sceneprobe's from 60001.
 * One table (core/src/tips.c) gives each a severity and a short title.
 */
#ifndef SP_TIPS_H
#define SP_TIPS_H

#include "common.h"

SP_BEGIN_DECL

typedef enum { SP_TIP_INFO = 0, SP_TIP_WARNING = 1, SP_TIP_ERROR = 2 } sp_tip_severity;

enum {
	SP_TIP_UNKNOWN = 999,
	SP_TIP_MAYA_MISSING_FILE = 10012,
	SP_TIP_MISSING_ALEMBIC = 10018,
	SP_TIP_MISSING_VDB = 10028,
	SP_TIP_RENDERER_UNSUPPORTED = 15004,
	SP_TIP_NO_RENDERER = 15005,
	SP_TIP_NO_RENDERABLE_CAMERA = 15006,
	SP_TIP_VERSION_MISMATCH = 15013,
	SP_TIP_CLARISSE_MISSING_FILE = 25009,
	SP_TIP_HOUDINI_MISSING_FILE = 50001,
	SP_TIP_HOUDINI_CAMERA = 50002,

	SP_TIP_NO_RENDERABLE_UNIT = 60001,    /**< nothing will render */
	SP_TIP_UNRESOLVED_VARIABLE = 60002,   /**< $VAR with no value in a path */
	SP_TIP_RELATIVE_UNRESOLVED = 60003,   /**< relative path found under no base */
	SP_TIP_NON_ASCII_PATH = 60004,        /**< non-ASCII characters in a path the farm sees */
	SP_TIP_PATH_TOO_LONG = 60005,         /**< Windows path over 259 characters */
	SP_TIP_REFERENCE_NOT_READ = 60006,    /**< a referenced scene could not be analysed */
	SP_TIP_UNRESOLVED_EXPRESSION = 60007, /**< an expression the analyser does not evaluate */
	SP_TIP_SEQUENCE_INCOMPLETE = 60008,   /**< some frames or tiles of a sequence are missing */
	SP_TIP_REFERENCE_CYCLE = 60009,       /**< reference cycle or depth limit */
	SP_TIP_OPTIONAL_MISSING = 60010,      /**< an optional file is missing */
	SP_TIP_UNKNOWN_NODE_TYPE = 60012,     /**< a plug-in node type the file cannot name */
	SP_TIP_BAD_OUTPUT_PATH = 60013,       /**< a render saves to an empty or folder-only path */
	SP_TIP_FRAMES_OUTSIDE_RANGE = 60014,  /**< a layer renders frames outside its image's range */
	SP_TIP_OUTPUT_IS_INPUT = 60015,       /**< an output path is also read as an input */
	SP_TIP_FOLDER_NOT_WALKED = 60016      /**< a folder reference names a disk's root, or is too big */
};

/** Severity of a code; unknown codes are warnings. */
SP_EXTERN(sp_tip_severity) sp_tip_severity_of(int code);
/** Short English title of a code, "" if unknown.  Static storage. */
SP_EXTERN(const char *) sp_tip_title(int code);
/** "error", "warning" or "info". */
SP_EXTERN(const char *) sp_tip_severity_name(sp_tip_severity severity);

SP_END_DECL

#endif
