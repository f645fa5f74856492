# expected-rule: security.secret.anthropic
import anthropic

client = anthropic.Anthropic(api_key="sk-ant-api03-Zx81kQp0Lm3Vt6Rb9Nc2Wy5Hd7Gs4Fa1Je8Ou0Ti3PrQ")
