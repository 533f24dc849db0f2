#!/usr/bin/env python3
"""Dev-time oracle for the chat template tests (not run by CI): renders every template in
templates/ for every conversation in conversations.json with Jinja2, configured as Hugging
Face's apply_chat_template configures it, and writes goldens.json:
{template: {conversation: {"prompt": rendered with add_generation_prompt, "full": without}
                           or {"error": message}}}.
"""
import json, os
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.exceptions import TemplateError

HERE = os.path.dirname(os.path.abspath(__file__))
TOKENS = {"llama2": ("<s>", "</s>"), "mistral-v0.1": ("<s>", "</s>"), "mixtral": ("<s>", "</s>"), "gemma": ("<bos>", "<eos>"),
          "phi3": ("<s>", "<|endoftext|>"), "chatml": ("<s>", "<|im_end|>"), "smollm2": ("<|im_start|>", "<|im_end|>"),
          "qwen2.5": ("", "<|im_end|>")}


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def main():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    conversations = json.load(open(os.path.join(HERE, "conversations.json"), encoding="utf-8"))
    goldens = {}
    for name in sorted(os.listdir(os.path.join(HERE, "templates"))):
        key = name[:-len(".jinja")]
        template = env.from_string(open(os.path.join(HERE, "templates", name), encoding="utf-8").read())
        bos, eos = TOKENS.get(key, ("<|begin_of_text|>", "<|eot_id|>"))
        goldens[key] = {}
        for conv_name, conv in conversations.items():
            extra = conv.get("extra", {})
            try:
                goldens[key][conv_name] = {
                    "prompt": template.render(messages=conv["messages"], add_generation_prompt=True, bos_token=bos, eos_token=eos, **extra),
                    "full": template.render(messages=conv["messages"], add_generation_prompt=False, bos_token=bos, eos_token=eos, **extra),
                    "bos": bos, "eos": eos}
            except TemplateError as e:
                goldens[key][conv_name] = {"error": str(e), "bos": bos, "eos": eos}
    with open(os.path.join(HERE, "goldens.json"), "w", encoding="utf-8") as f:
        json.dump(goldens, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
