import os

OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "sk-your-key-here")
EXAMPLE = "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
AWS_DOCS_EXAMPLE = "AKIAIOSFODNN7EXAMPLE"
STRIPE_TEST = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
