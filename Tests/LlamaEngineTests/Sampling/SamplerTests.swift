import Foundation
import LlamaEngine
import Testing

private func frequencies(_ parameters: SamplingParameters, _ logits: [Float], draws: Int = 20_000) -> [Double] {
    var sampler = Sampler(parameters)
    var counts = [Int](repeating: 0, count: logits.count)
    for _ in 0..<draws { counts[Int(sampler.sample(logits, history: []))] += 1 }
    return counts.map { Double($0) / Double(draws) }
}

private let probabilities: [Float] = [0.5, 0.3, 0.15, 0.05]
private let logits = probabilities.map { log($0) }

@Test("greedy and top-k 1 always take the most likely token")
func greedyTakesArgmax() {
    var greedy = Sampler(.greedy)
    #expect(greedy.sample([0.1, 3, -2, 2.9], history: []) == 1)
    #expect(frequencies(SamplingParameters(temperature: 5, topK: 1, topP: 1, minP: 0), logits)[0] == 1)
}

@Test("at temperature 1 without filters, draws follow the softmax")
func samplingFollowsSoftmax() {
    let f = frequencies(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0, seed: 7), logits)
    for (observed, expected) in zip(f, probabilities) { #expect(abs(observed - Double(expected)) < 0.015) }
}

@Test("top-p keeps the smallest head reaching p; min-p drops tokens below p times the best")
func topPAndMinPFilter() {
    let topP = frequencies(SamplingParameters(temperature: 1, topK: 0, topP: 0.75, minP: 0, seed: 1), logits)
    #expect(topP[2] == 0 && topP[3] == 0)
    #expect(abs(topP[0] - 0.5 / 0.8) < 0.015)
    let minP = frequencies(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0.5, seed: 2), logits)
    #expect(minP[2] == 0 && minP[3] == 0 && minP[1] > 0)
    let topK = frequencies(SamplingParameters(temperature: 1, topK: 3, topP: 1, minP: 0, seed: 3), logits)
    #expect(topK[3] == 0 && topK[2] > 0)
}

@Test("low temperature sharpens and high temperature flattens the distribution")
func temperatureScales() {
    let cold = frequencies(SamplingParameters(temperature: 0.25, topK: 0, topP: 1, minP: 0, seed: 4), logits)
    let hot = frequencies(SamplingParameters(temperature: 4, topK: 0, topP: 1, minP: 0, seed: 4), logits)
    #expect(cold[0] > 0.85)
    #expect(hot[3] > 0.15)
}

@Test("the same seed gives the same tokens; another seed does not")
func seedsAreDeterministic() {
    func run(_ seed: UInt64) -> [Int32] {
        var sampler = Sampler(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0, seed: seed))
        return (0..<64).map { _ in sampler.sample(logits, history: []) }
    }
    #expect(run(42) == run(42))
    #expect(run(42) != run(43))
}

@Test("repetition, frequency and presence penalties lower seen tokens as llama.cpp does")
func penaltiesLowerSeenTokens() {
    var repetition = Sampler(SamplingParameters(temperature: 0, repetitionPenalty: 2))
    #expect(repetition.sample([2, 1.5, -1], history: [0]) == 1)
    var frequency = Sampler(SamplingParameters(temperature: 0, frequencyPenalty: 0.3))
    #expect(frequency.sample([2, 1.5], history: [0, 0]) == 1)
    #expect(frequency.sample([2, 1.5], history: [0]) == 0)
    var presence = Sampler(SamplingParameters(temperature: 0, presencePenalty: 0.6))
    #expect(presence.sample([2, 1.5], history: [0]) == 1)
    // Only the last penaltyLastN tokens count.
    var window = Sampler(SamplingParameters(temperature: 0, repetitionPenalty: 2, penaltyLastN: 1))
    #expect(window.sample([2, 1.5], history: [0, 1]) == 0)
}

@Test("stop strings are found across token boundaries and never shown")
func stopStringsAcrossPieces() {
    var stops = StopSequenceMatcher(["\nUser:", "###"])
    var shown = ""
    var stopped = false
    for piece in ["Hel", "lo\nUs", "er: more"] where !stopped {
        let (text, done) = stops.append(piece)
        shown += text
        stopped = done
    }
    #expect(shown == "Hello")
    #expect(stopped)
    var partial = StopSequenceMatcher(["###"])
    #expect(partial.append("a #").text == "a ")
    #expect(partial.append("b").text == "#b")
    #expect(partial.append("##").text == "")
    #expect(partial.finish() == "##")
}

@Test("a logit bias shifts tokens before sampling: it raises, lowers and bans them")
func logitBiasShiftsTokens() {
    var raised = Sampler(SamplingParameters(temperature: 0, logitBias: [3: 10]))
    #expect(raised.sample(logits, history: []) == 3)
    var banned = Sampler(SamplingParameters(temperature: 0, logitBias: [0: -.infinity, 99: 5]))
    #expect(banned.sample(logits, history: []) == 1)
    // With a draw, the biased distribution is the softmax of logit + bias: +log 3 on token 3
    // triples its odds.
    let f = frequencies(SamplingParameters(temperature: 1, topK: 0, topP: 1, minP: 0, seed: 9, logitBias: [3: log(3)]), logits)
    let total = 0.95 + 0.15
    #expect(abs(f[3] - 0.15 / total) < 0.015)
    #expect(abs(f[0] - 0.5 / total) < 0.015)
    // The bias comes before the penalties, as in llama.cpp: a seen token's biased logit is
    // divided, (1.5 + 2) / 2 < 2, not 1.5 / 2 + 2 > 2.
    var penalised = Sampler(SamplingParameters(temperature: 0, repetitionPenalty: 2, logitBias: [1: 2]))
    #expect(penalised.sample([2, 1.5, 0], history: [1]) == 0)
}

@Test("logit biases parse as llama.cpp writes them on its command line")
func logitBiasParsing() {
    #expect(SamplingParameters.logitBias(parsing: "15043+1.5")! == (15043, 1.5))
    #expect(SamplingParameters.logitBias(parsing: "15043-1")! == (15043, -1))
    #expect(SamplingParameters.logitBias(parsing: "2-inf")! == (2, -.infinity))
    #expect(SamplingParameters.logitBias(parsing: "2+INF")! == (2, .infinity))
    for bad in ["15043", "-2+1", "x+1", "2+", "2+-1", "2+nan", "", "+1", "2*1"] {
        #expect(SamplingParameters.logitBias(parsing: bad) == nil, "\(bad)")
    }
}
