"""Safe YAML loading with line/column marks (first stage of the pipeline)."""

from .files import find_candidate_files, find_yaml_files, load_documents, load_found
from .safeyaml import Document, load_document

__all__ = [
    "Document",
    "find_candidate_files",
    "find_yaml_files",
    "load_document",
    "load_documents",
    "load_found",
]
