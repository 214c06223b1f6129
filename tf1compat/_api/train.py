"""tf.train"""
from ..training.adagrad_da import AdagradDAOptimizer
from ..training.basic_session_run_hooks import (
    CheckpointSaverHook, CheckpointSaverListener, FeedFnHook, FinalOpsHook, LoggingTensorHook, NanLossDuringTrainingError,
    NanTensorHook, SecondOrStepTimer, StopAtStepHook)
from ..training.basic_session_run_hooks import GlobalStepWaiterHook
from ..summary.hooks import StepCounterHook, SummarySaverHook
from ..framework.graph_def import write_graph
from ..training.checkpoint_management import (
    CheckpointState, checkpoint_exists, generate_checkpoint_state_proto, get_checkpoint_mtimes,
    get_checkpoint_state, latest_checkpoint, remove_checkpoint, update_checkpoint_state)
from ..training.checkpoint_utils import (
    CheckpointReader, NewCheckpointReader, init_from_checkpoint, list_variables, load_checkpoint, load_variable)
from ..training.ftrl import FtrlOptimizer
from ..training.coordinator import Coordinator, LooperThread
from ..training.gradient_descent import GradientDescentOptimizer
from ..training.learning_rate_decay import (
    cosine_decay, exponential_decay, inverse_time_decay, linear_cosine_decay, natural_exp_decay, piecewise_constant,
    polynomial_decay)
from ..training.monitored_session import (
    ChiefSessionCreator, MonitoredSession, MonitoredTrainingSession, Scaffold, SingularMonitoredSession)
from ..training.moving_averages import ExponentialMovingAverage
from ..training.optimizer import Optimizer
from ..training.saver import Saver
from ..training.supervisor import Supervisor
from ..training.slot_optimizers import (
    AdadeltaOptimizer, AdagradOptimizer, AdamOptimizer, MomentumOptimizer, ProximalAdagradOptimizer,
    ProximalGradientDescentOptimizer, RMSPropOptimizer)
from ..training.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues
from ..training.training_util import create_global_step, get_global_step, get_or_create_global_step, global_step
from ..data.example_pb import with_messages as _with_example_messages
from ..training import queue_runner  # noqa: F401 - tf.train.queue_runner.QueueRunner, ...
from ..training.queue_runner import QueueRunner, add_queue_runner, start_queue_runners
from ..ops.io_ops import match_filenames_once
from ..training.input import (
    batch, batch_join, input_producer, limit_epochs, range_input_producer, shuffle_batch, shuffle_batch_join,
    slice_input_producer, string_input_producer)
from ._missing import missing_names as _missing_names

__getattr__ = _with_example_messages(_missing_names("tf.train"))  # tf.train.Example ... (protobuf)
