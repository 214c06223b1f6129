"""Op definitions by TF area: each op's kernel, shape rule and public function live together."""
