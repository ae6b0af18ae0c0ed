declare module '@nlpjs/neural' {
  interface TrainingItem {
    input: Record<string, number>;
    output: Record<string, number>;
  }
  export class NeuralNetwork {
    constructor(settings?: { iterations?: number; log?: boolean; [key: string]: unknown });
    train(corpus: TrainingItem[]): { error: number; iterations: number };
    run(input: Record<string, number>): Record<string, number> | undefined;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
  const neural: { NeuralNetwork: typeof NeuralNetwork };
  export default neural;
}
