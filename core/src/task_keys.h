/*
 * The farm's task_info keys, in the order the vendor SDK writes them: the
 * scene model fills them, and every task.json must have them all.
 */
#ifndef SP_TASK_KEYS_H
#define SP_TASK_KEYS_H

/* X(name) for each key */
#define SP_TASK_KEYS(X)                                                                                      \
	X("task_id")                                                                                         \
	X("user_id")                                                                                         \
	X("project_id")                                                                                      \
	X("project_name")                                                                                    \
	X("input_cg_file")                                                                                   \
	X("input_project_path")                                                                              \
	X("cg_id")                                                                                           \
	X("platform")                                                                                        \
	X("channel")                                                                                         \
	X("os_name")                                                                                         \
	X("render_layer_type")                                                                               \
	X("is_layer_rendering")                                                                              \
	X("enable_layered")                                                                                  \
	X("is_picture")                                                                                      \
	X("frames_per_task")                                                                                 \
	X("pre_frames")                                                                                      \
	X("stop_after_test")                                                                                 \
	X("job_stop_time")                                                                                   \
	X("task_stop_time")                                                                                  \
	X("time_out")                                                                                        \
	X("tiles_type")                                                                                      \
	X("tiles")                                                                                           \
	X("is_distribute_render")                                                                            \
	X("distribute_render_node")                                                                          \
	X("ram")                                                                                             \
	X("graphics_cards_num")                                                                              \
	X("hardwareConfigId")

#define SP_TASK_KEY_NAME(name) name,

#endif
