package org.l2o.nextflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.params.ResolvedParams;
import org.l2o.provenance.ToolVersion;
import org.l2o.runner.PipelineDeclaration;
import org.l2o.runner.ProfileParams;

/**
 * Writes {@code nextflow.config} and {@code conf/*.config}: params defaults from {@link
 * ParamSchema}, the profiles' params from {@code profiles/*.yaml}, resources by label, publishing,
 * and the executor, GPU and container profiles.
 *
 * <p>Each profile holds at most one {@code process {}} block: a {@code process.executor = ...}
 * line followed by a {@code process {}} block in the same profile loses the executor.
 */
final class ConfigWriter {

  static final String NEXTFLOW_VERSION_REQUIREMENT = "!>=24.10.0";
  static final String OUTDIR_DEFAULT = "results";
  static final String CPU_IMAGE = "l2o:cpu";
  static final String GPU_IMAGE = "l2o:gpu";

  /** Resources of the {@code test} profile: one CPU per task, so two tasks share a 2-core machine. */
  static final String TEST_RESOURCE_LIMITS = "[cpus: 1, memory: 6.GB, time: 1.h]";

  private ConfigWriter() {}

  static String nextflowConfig(List<StageShape> shapes) {
    StringBuilder b = new StringBuilder();
    b.append("""
        /*
         * l2o pipeline configuration.
         * %s
         * Params go on the command line (--eval_steps 500) or in -params-file (profiles/*.yaml),
         * never in -c: a custom config is for executors and resources.
         */
        manifest {
            name            = 'l2o'
            description     = 'Reproduce "Training Stronger Baselines for Learning to Optimize" (NeurIPS 2020): L2O-DM with curriculum and imitation learning'
            mainScript      = 'main.nf'
            nextflowVersion = '%s'
            version         = '%s'
        }

        """.formatted(ModuleWriter.HEADER_NOTE, NEXTFLOW_VERSION_REQUIREMENT, ToolVersion.RELEASE).stripLeading());

    b.append("// Every param with its default (the paper's settings); see nextflow_schema.json.\n");
    b.append("params {\n");
    String group = null;
    int width = ParamSchema.all().stream().mapToInt(p -> p.name().length()).max().orElse(0);
    width = Math.max(width, "trace_report_suffix".length());
    for (ParamSpec p : ParamSchema.all()) {
      if (p.perTask()) {
        continue;
      }
      if (!p.group().equals(group)) {
        group = p.group();
        b.append(group.equals(firstGroup()) ? "" : "\n").append("    // ").append(SchemaWriter.groupTitle(group)).append('\n');
      }
      String value = NEXTFLOW_DEFAULTS.getOrDefault(p.name(), GroovyLiterals.of(p.defaultValue()));
      b.append(String.format("    %-" + width + "s = %s%n", p.name(), value));
    }
    b.append("\n    // ").append(SchemaWriter.groupTitle(SchemaWriter.GENERIC_GROUP)).append('\n');
    b.append(String.format("    %-" + width + "s = %s%n", "outdir", GroovyLiterals.quote(OUTDIR_DEFAULT)));
    b.append(String.format("    %-" + width + "s = %s%n", "trace_report_suffix",
        "new java.util.Date().format('yyyy-MM-dd_HH-mm-ss')"));
    b.append("}\n\n");

    b.append("includeConfig 'conf/base.config'\n");
    b.append("includeConfig 'conf/modules.config'\n\n");

    b.append("""
        profiles {
            standard {
                process {
                    executor = 'local'
                }
            }
            // Smoke-sized params and small resources: `nextflow run pipeline -profile test`.
            test {
                includeConfig 'conf/test.config'
            }
        %4$s    slurm {
                process {
                    executor = 'slurm'
                }
                executor {
                    queueSize         = 50
                    submitRateLimit   = '10/1min'
                    pollInterval      = '30 sec'
                    queueStatInterval = '1 min'
                }
            }
            // Tasks run in pods from the l2o images; the work directory must be a shared volume.
            k8s {
                process {
                    executor  = 'k8s'
                    container = '%1$s'
                    withLabel: %3$s {
                        container = '%2$s'
                    }
                }
                k8s {
                    storageClaimName = 'l2o-work'
                    storageMountPath = '/workspace'
                }
            }
            // One GPU per training/evaluation task: SLURM gets --gres, k8s the accelerator, the tasks device=gpu
            // (they fail fast when no GPU is usable). Combine with an executor: -profile slurm,gpu.
            gpu {
                params.device = 'gpu'
                process {
                    withLabel: %3$s {
                        accelerator      = 1
                        clusterOptions   = '--gres=gpu:1'
                        container        = { workflow.containerEngine == 'singularity' ? 'docker-daemon://%2$s' : '%2$s' }
                        containerOptions = { workflow.containerEngine == 'singularity' ? '--nv' : workflow.containerEngine == 'docker' ? '--gpus all' : '' }
                    }
                }
            }
            // Build the images first: environment/docker/README.md.
            docker {
                docker.enabled    = true
                docker.runOptions = '-u $(id -u):$(id -g)'
                process {
                    container = '%1$s'
                }
            }
            singularity {
                singularity.enabled    = true
                singularity.autoMounts = true
                process {
                    container = 'docker-daemon://%1$s'
                }
            }
        }

        """.formatted(CPU_IMAGE, GPU_IMAGE, PipelineDeclaration.LABEL_GPU, profileEntries()));

    b.append("// Params that must not enter any task hash reach the tasks through the environment, as key=value.\n");
    b.append("env {\n");
    List<String> envParams = notHashedParamsRead(shapes);
    int envWidth = envParams.stream().mapToInt(p -> ModuleWriter.envName(p).length()).max().orElse(0);
    for (String p : envParams) {
      b.append(String.format("    %-" + envWidth + "s = \"%s=${params.%s}\"%n", ModuleWriter.envName(p), p, p));
    }
    b.append("}\n\n");

    b.append("""
        timeline {
            enabled   = true
            overwrite = true
            file      = "${params.outdir}/pipeline_info/execution_timeline_${params.trace_report_suffix}.html"
        }
        report {
            enabled   = true
            overwrite = true
            file      = "${params.outdir}/pipeline_info/execution_report_${params.trace_report_suffix}.html"
        }
        trace {
            enabled   = true
            overwrite = true
            file      = "${params.outdir}/pipeline_info/execution_trace_${params.trace_report_suffix}.txt"
            // attempt: a task retried after a time limit resumes from its checkpoint.
            fields    = 'task_id,hash,native_id,name,status,exit,attempt,submit,duration,realtime,%cpu,peak_rss,peak_vmem,rchar,wchar,workdir'
        }
        dag {
            enabled   = true
            overwrite = true
            file      = "${params.outdir}/pipeline_info/pipeline_dag_${params.trace_report_suffix}.html"
        }
        """);
    return b.toString();
  }

  private static String firstGroup() {
    return ParamSchema.all().get(0).group();
  }

  /** Every not-hashed param some stage reads, in schema order. */
  static List<String> notHashedParamsRead(List<StageShape> shapes) {
    return ParamSchema.all().stream().map(ParamSpec::name)
        .filter(n -> shapes.stream().anyMatch(s -> s.notHashed().contains(n)))
        .toList();
  }

  /** One {@code profiles} entry per params profile, each including its {@code conf/<name>.config}. */
  private static String profileEntries() {
    StringBuilder b = new StringBuilder();
    for (String profile : ProfileParams.PROFILES) {
      // A name that is not a Groovy identifier (paper-mlp) is quoted.
      String name = profile.matches("[A-Za-z_][A-Za-z0-9_]*") ? profile : "'" + profile + "'";
      b.append("    ").append(name).append(" {\n")
          .append("        includeConfig 'conf/").append(profile).append(".config'\n")
          .append("    }\n");
    }
    return b.toString();
  }

  /**
   * Defaults that differ under Nextflow. A retried task runs in a new work folder, so training
   * checkpoints must live where every attempt looks: one folder beside the launch, keyed by task.
   */
  static final Map<String, String> NEXTFLOW_DEFAULTS =
      Map.of("checkpoint_dir", "\"${launchDir}/l2o-checkpoints\"");

  static String baseConfig() {
    return """
        /*
         * Resources by label, and retries. %s
         * process_gpu marks the training and evaluation stages; the gpu profile (nextflow.config) gives
         * them a GPU. On a 2-core machine the test profile caps every task at one CPU.
         */
        process {
            shell  = ['/bin/bash', '-euo', 'pipefail']

            cpus   = { 1 * task.attempt }
            memory = { 4.GB * task.attempt }
            time   = { 4.h * task.attempt }

            // Killed or pre-empted tasks (130-145, 104, 175) are retried once; any other failure
            // lets running tasks finish and ends the run.
            errorStrategy = { task.exitStatus in ((130..145) + 104 + 175) ? 'retry' : 'finish' }
            maxRetries    = 1
            maxErrors     = '-1'

            withLabel: %s {
                cpus   = 1
                memory = { 4.GB * task.attempt }
                time   = { 4.h * task.attempt }
            }
            withLabel: %s {
                cpus   = 2
                memory = { 8.GB * task.attempt }
                time   = { 48.h * task.attempt }
            }
        }
        """.formatted(ModuleWriter.HEADER_NOTE, PipelineDeclaration.LABEL_SINGLE, PipelineDeclaration.LABEL_GPU)
        .stripLeading();
  }

  static String modulesConfig(List<StageShape> shapes) {
    StringBuilder b = new StringBuilder();
    b.append("/*\n * Where each stage's results are published: ${params.outdir}/<stage>/<task>, and\n * ${params.outdir}/<stage> for the one-task stages (fetch, plot).\n * ")
        .append(ModuleWriter.HEADER_NOTE).append("\n */\n");
    b.append("process {\n");
    for (StageShape s : shapes) {
      // A one-task stage's output folder is renamed to the stage, as `l2o run` publishes it.
      boolean flat = PipelineDeclaration.publishesFlat(s.name());
      b.append("    withName: '").append(s.processName()).append("' {\n")
          .append("        publishDir = [\n")
          .append("            path: { \"${params.outdir}").append(flat ? "" : "/" + s.name()).append("\" },\n")
          .append("            mode: 'copy',\n")
          .append("            saveAs: { filename -> filename == 'versions.yml' ? null : ")
          .append(flat ? "'" + s.name() + "'" : "filename").append(" }\n")
          .append("        ]\n")
          .append("    }\n");
    }
    b.append("}\n");
    return b.toString();
  }

  /** {@code conf/<profile>.config}: the profile's params exactly as {@code profiles/<profile>.yaml} sets them. */
  static String profileConfig(String profile) {
    return "/*\n * The " + profile + " profile's params, from profiles/" + profile + ".yaml (which -params-file\n"
        + " * reads too). " + ModuleWriter.HEADER_NOTE + "\n */\n" + paramsBlock(profile);
  }

  /** {@code conf/test.config}: the smoke profile's params with small resources. */
  static String testConfig() {
    return "/*\n * `-profile test`: the smoke profile's params (profiles/smoke.yaml) with small resources.\n * "
        + ModuleWriter.HEADER_NOTE + "\n */\n" + paramsBlock("smoke") + "\n"
        + "process {\n    resourceLimits = " + TEST_RESOURCE_LIMITS + "\n}\n";
  }

  private static String paramsBlock(String profile) {
    Map<String, Object> raw;
    try {
      raw = ProfileParams.profile(profile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in profile " + profile, e);
    }
    ResolvedParams resolved = ResolvedParams.defaults().merge(raw, "profile " + profile, false);
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec p : ParamSchema.all()) {
      if (raw.containsKey(p.name())) {
        values.put(p.name(), resolved.get(p.name()));
      }
    }
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
    List<String> lines = new ArrayList<>();
    values.forEach((k, v) -> lines.add(String.format("    %-" + width + "s = %s", k, GroovyLiterals.of(v))));
    return "params {\n" + String.join("\n", lines) + "\n}\n";
  }
}
