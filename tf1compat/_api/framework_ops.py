"""tensorflow.python.framework.ops, as scripts import it."""
from ..framework.apply import convert_to_tensor, register_tensor_conversion_function
from ..framework.graph import Graph, Operation, Tensor, get_default_graph, reset_default_graph
from ..framework.graph_keys import GraphKeys, add_to_collection, get_collection, get_collection_ref
from ..framework.scopes import control_dependencies, device, name_scope
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tensorflow.python.framework.ops")
