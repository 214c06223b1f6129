"""tf.train: each name is imported on first use (input pipelines, hooks and monitored sessions are costly to
import and most scripts want an optimizer and a Saver)."""
from ..data.example_pb import with_messages as _with_example_messages
from ._lazy import import_lazily as _import_lazily
from ._missing import missing_names as _missing_names

_import_lazily(globals(), {
    "..training.adagrad_da": "AdagradDAOptimizer",
    "..training.basic_session_run_hooks": "CheckpointSaverHook CheckpointSaverListener FeedFnHook FinalOpsHook "
                                          "LoggingTensorHook NanLossDuringTrainingError NanTensorHook "
                                          "SecondOrStepTimer StopAtStepHook GlobalStepWaiterHook",
    "..summary.hooks": "StepCounterHook SummarySaverHook",
    "..framework.graph_def": "write_graph",
    "..training.checkpoint_management": "CheckpointState checkpoint_exists generate_checkpoint_state_proto "
                                        "get_checkpoint_mtimes get_checkpoint_state latest_checkpoint "
                                        "remove_checkpoint update_checkpoint_state",
    "..training.checkpoint_utils": "CheckpointReader NewCheckpointReader init_from_checkpoint list_variables "
                                   "load_checkpoint load_variable",
    "..training.ftrl": "FtrlOptimizer",
    "..training.coordinator": "Coordinator LooperThread",
    "..training.gradient_descent": "GradientDescentOptimizer",
    "..training.learning_rate_decay": "cosine_decay exponential_decay inverse_time_decay linear_cosine_decay "
                                      "natural_exp_decay piecewise_constant polynomial_decay",
    "..training.monitored_session": "ChiefSessionCreator MonitoredSession MonitoredTrainingSession Scaffold "
                                    "SingularMonitoredSession",
    "..training.moving_averages": "ExponentialMovingAverage",
    "..training.optimizer": "Optimizer",
    "..training.saver": "Saver",
    "..training.supervisor": "Supervisor",
    "..training.slot_optimizers": "AdadeltaOptimizer AdagradOptimizer AdamOptimizer MomentumOptimizer "
                                  "ProximalAdagradOptimizer ProximalGradientDescentOptimizer RMSPropOptimizer",
    "..training.session_run_hook": "SessionRunArgs SessionRunContext SessionRunHook SessionRunValues",
    "..training.training_util": "create_global_step get_global_step get_or_create_global_step global_step",
    "..training": "queue_runner",
    "..training.queue_runner": "QueueRunner add_queue_runner start_queue_runners",
    "..ops.io_ops": "match_filenames_once",
    "..training.input": "batch batch_join input_producer limit_epochs range_input_producer shuffle_batch "
                        "shuffle_batch_join slice_input_producer string_input_producer",
}, fallback=_with_example_messages(_missing_names("tf.train")))  # tf.train.Example ... (protobuf)
