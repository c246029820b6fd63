package io.meetrec.recorder.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodDeletionCostTest {

  @SuppressWarnings("unchecked")
  private static Map<String, String> annotations(String patch) throws Exception {
    Map<String, Object> body = new Gson().fromJson(patch, Map.class);
    return (Map<String, String>) ((Map<String, Object>) body.get("metadata")).get("annotations");
  }

  @Test
  void aBusyPodIsExpensiveToDeleteAndNotSafeToEvict() throws Exception {
    assertThat(annotations(PodDeletionCost.patchBody(2000, 0)))
        .containsEntry(PodDeletionCost.ANNOTATION, "2000")
        .containsEntry(PodDeletionCost.SAFE_TO_EVICT, "false");
  }

  @Test
  void anIdlePodIsCheapToDeleteAndSafeToEvict() throws Exception {
    assertThat(annotations(PodDeletionCost.patchBody(0, 0)))
        .containsEntry(PodDeletionCost.ANNOTATION, "0")
        .containsEntry(PodDeletionCost.SAFE_TO_EVICT, "true");
  }
}
