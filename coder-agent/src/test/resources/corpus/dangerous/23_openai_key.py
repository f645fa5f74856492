# expected-rule: security.secret.openai
from openai import OpenAI

client = OpenAI(api_key="sk-proj-4fT9qLm2Xv7Rb1Nc8Wz3Kp6Hd0Ys5Ga9Ue2Jo4Ir7Tb")
