"""Safe YAML loading with line/column marks (first stage of the pipeline)."""

from .files import find_yaml_files, load_documents
from .safeyaml import Document, load_document

__all__ = ["Document", "find_yaml_files", "load_document", "load_documents"]
