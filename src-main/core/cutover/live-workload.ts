/** One container image a running workload uses, as the cluster or the AWS account reports it. */
export interface LiveImage {
  /** `ecs:CLUSTER/SERVICE`, `codebuild:PROJECT`, `k8s:Deployment/NAMESPACE/NAME`. */
  workload: string
  container: string
  image: string
  /** What defines it: a task definition or project ARN. */
  definedBy?: string
  /** Kubernetes: the workload's imagePullSecrets and whether one of them signs in to Docker Hub. */
  pullSecrets?: { names: string[]; dockerHub: boolean }
}
