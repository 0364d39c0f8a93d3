# Builds a RANDOM-WEIGHT BERT in ONNX with the real tokenizer of BAAI/bge-small-zh-v1.5, in the layout
# transformers.js loads (config.json, tokenizer files, onnx/model.onnx fp32, onnx/model_quantized.onnx int8).
# It is ../shared/models/standin-tiny-bert-zh/build.py made configurable, plus an optional classification head
# (pooler tanh(W·h[CLS]) then a linear layer to `logits`, as BertForSequenceClassification) for the cross-encoder
# (reranker) path. Its vectors and scores MEAN NOTHING: it exists to run the real loading, tokenising, batching,
# pooling and latency code, never to measure quality. Weights are never committed: tests and bench/models.ts build
# it into a temp folder.
#
# Usage (Debian's python3-onnx: apt-get install -y python3-onnx):
#   python3 build-standin.py --out DIR --tokenizer ../shared/models/bge-small-zh-v1.5-tokenizer \
#       [--layers 4 --hidden 512 --heads 8 --ffn 2048] [--head classification --labels 1]
# bge-small-zh-v1.5's own shape is 4 layers, hidden 512, 8 heads, ffn 2048 (the defaults here).
import argparse, json, os, shutil
import numpy as np, onnx
from onnx import helper as h, TensorProto as T, numpy_helper as nh

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--tokenizer", required=True)
ap.add_argument("--layers", type=int, default=4)
ap.add_argument("--hidden", type=int, default=512)
ap.add_argument("--heads", type=int, default=8)
ap.add_argument("--ffn", type=int, default=2048)
ap.add_argument("--head", choices=["none", "classification"], default="none")
ap.add_argument("--labels", type=int, default=1)
ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()

V, H, NH, FF, L, P = 21128, a.hidden, a.heads, a.ffn, a.layers, 512
HD = H // NH


def build(quant):
    rng = np.random.default_rng(a.seed)
    inits, nodes, cnt = [], [], [0]

    def W(name, arr):
        inits.append(nh.from_array(arr, name))
        return name

    # N(0, 0.3) keeps different texts apart through LayerNorm; 1/sqrt(width) keeps wide layers from saturating.
    def rnd(*shape):
        return (rng.standard_normal(shape) * min(0.3, 1.5 / np.sqrt(shape[0]))).astype(np.float32)

    def n(op, ins, outs=None, **kw):
        cnt[0] += 1
        outs = outs or [f"{op}_{cnt[0]}"]
        nodes.append(h.make_node(op, ins, outs, **kw))
        return outs[0]

    def qmatmul(x, w, tag):
        if not quant:
            return n("MatMul", [x, W(tag, w)])
        s = float(np.abs(w).max() / 127.0)
        wq = np.clip(np.round(w / s), -127, 127).astype(np.int8)
        xq, xs, xz = [f"{tag}_xq", f"{tag}_xs", f"{tag}_xz"]
        n("DynamicQuantizeLinear", [x], [xq, xs, xz])
        yi = n("MatMulInteger", [xq, W(tag + "_q", wq), xz, W(tag + "_wz", np.array(0, np.int8))])
        yf = n("Cast", [yi], to=T.FLOAT)
        sc = n("Mul", [xs, W(tag + "_ws", np.array(s, np.float32))])
        return n("Mul", [yf, sc])

    def lin(x, din, dout, tag):
        return n("Add", [qmatmul(x, rnd(din, dout), tag), W(tag + "_b", np.zeros(dout, np.float32))])

    def ln(x, tag):
        return n("LayerNormalization", [x, W(tag + "_g", np.ones(H, np.float32)), W(tag + "_be", np.zeros(H, np.float32))], axis=-1, epsilon=1e-12)

    ids, am, tt = "input_ids", "attention_mask", "token_type_ids"
    wemb = rnd(V, H)
    if quant:
        s = float(np.abs(wemb).max() / 127.0)
        g = n("Gather", [W("word_q", np.clip(np.round(wemb / s), -127, 127).astype(np.int8)), ids])
        word = n("DequantizeLinear", [g, W("word_s", np.array(s, np.float32)), W("word_z", np.array(0, np.int8))])
    else:
        word = n("Gather", [W("word", wemb), ids])
    shp = n("Shape", [ids])
    S = n("Gather", [shp, W("one_i", np.array(1, np.int64))], axis=0)
    pos_ids = n("Range", [W("zero_i", np.array(0, np.int64)), S, W("one_step", np.array(1, np.int64))])
    pos = n("Gather", [W("pos", rnd(P, H)), pos_ids])
    typ = n("Gather", [W("type", rnd(2, H)), tt])
    x = ln(n("Add", [n("Add", [word, pos]), typ]), "emb_ln")
    mf = n("Cast", [am], to=T.FLOAT)
    mu = n("Unsqueeze", [mf, W("ax12", np.array([1, 2], np.int64))])
    mask = n("Mul", [n("Sub", [W("onef", np.array(1.0, np.float32)), mu]), W("neg", np.array(-1e4, np.float32))])
    r4 = W("r4", np.array([0, 0, NH, HD], np.int64))
    r3 = W("r3", np.array([0, 0, H], np.int64))
    for i in range(L):
        t = f"l{i}"
        q = n("Transpose", [n("Reshape", [lin(x, H, H, t + "q"), r4])], perm=[0, 2, 1, 3])
        k = n("Transpose", [n("Reshape", [lin(x, H, H, t + "k"), r4])], perm=[0, 2, 3, 1])
        v = n("Transpose", [n("Reshape", [lin(x, H, H, t + "v"), r4])], perm=[0, 2, 1, 3])
        sc = n("Add", [n("Mul", [n("MatMul", [q, k]), W(t + "scale", np.array(1 / np.sqrt(HD), np.float32))]), mask])
        ctx = n("Reshape", [n("Transpose", [n("MatMul", [n("Softmax", [sc], axis=-1), v])], perm=[0, 2, 1, 3]), r3])
        x = ln(n("Add", [x, lin(ctx, H, H, t + "o")]), t + "ln1")
        f = lin(x, H, FF, t + "f1")
        f = n("Mul", [n("Mul", [f, W(t + "half", np.array(0.5, np.float32))]),
                      n("Add", [W(t + "onef", np.array(1.0, np.float32)), n("Erf", [n("Div", [f, W(t + "sq2", np.array(np.sqrt(2), np.float32))])])])])
        x = ln(n("Add", [x, lin(f, FF, H, t + "f2")]), t + "ln2")

    dyn = lambda nm: h.make_tensor_value_info(nm, T.INT64, ["batch_size", "sequence_length"])
    if a.head == "classification":
        cls = n("Gather", [x, W("cls_index", np.array(0, np.int64))], axis=1)
        pooled = n("Tanh", [lin(cls, H, H, "pooler")])
        n("Identity", [lin(pooled, H, a.labels, "classifier")], ["logits"])
        outputs = [h.make_tensor_value_info("logits", T.FLOAT, ["batch_size", a.labels])]
    else:
        n("Identity", [x], ["last_hidden_state"])
        outputs = [h.make_tensor_value_info("last_hidden_state", T.FLOAT, ["batch_size", "sequence_length", H])]
    g = h.make_graph(nodes, "standin_bert", [dyn(ids), dyn(am), dyn(tt)], outputs, inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid("", 17)], producer_name="standin-random")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


os.makedirs(os.path.join(a.out, "onnx"), exist_ok=True)
for f in ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]:
    src = os.path.join(a.tokenizer, f)
    if os.path.exists(src):
        shutil.copyfile(src, os.path.join(a.out, f))
labels = {str(i): f"LABEL_{i}" for i in range(a.labels)}
config = {
    "architectures": ["BertForSequenceClassification" if a.head == "classification" else "BertModel"],
    "model_type": "bert", "hidden_act": "gelu", "hidden_size": H, "num_hidden_layers": L, "num_attention_heads": NH,
    "intermediate_size": FF, "vocab_size": V, "max_position_embeddings": P, "type_vocab_size": 2, "pad_token_id": 0,
    "layer_norm_eps": 1e-12, "id2label": labels, "label2id": {v: int(k) for k, v in labels.items()},
    "_comment": "RANDOM-WEIGHT stand-in (bench/models/build-standin.py): for pipeline and latency tests only, its outputs mean nothing",
}
with open(os.path.join(a.out, "config.json"), "w") as fh:
    json.dump(config, fh, indent=1)
onnx.save(build(False), os.path.join(a.out, "onnx", "model.onnx"))
onnx.save(build(True), os.path.join(a.out, "onnx", "model_quantized.onnx"))
print("saved", a.out)
