package com.openedxpok.coursetemplate.web;

import com.openedxpok.coursetemplate.web.CourseTemplateForm;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.GradeFormat;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.pok.PokTemplate;

/** The console form carries a mapping's grade format through editing and reloading the template's parameters. */
class GradeFormatFormTest {

    @Test
    void theGradeFormatSurvivesTheFormAndAReloadOfTheTemplatesParameters() {
        CourseTemplate template = new CourseTemplate(1, CourseKey.parse("course-v1:F+G+1"), "t", EmissionType.POK,
                null, null, null, false, true, List.of(new ParameterMapping("grade", "Grade",
                        ParameterMapping.KeyBy.ID, ParameterSource.GRADE, null, GradeFormat.NUMBER)), null, null);
        CourseTemplateForm form = CourseTemplateForm.of(template);
        assertThat(form.getParameters().get(0).getGradeFormat()).isEqualTo("number");

        form.alignWith(Optional.of(new PokTemplate("t", "T", "1", List.of(
                new PokTemplate.CustomParameter("grade", "Grade"), new PokTemplate.CustomParameter("score", "Score")))));

        assertThat(form.toInput().mappings()).extracting(ParameterMapping::parameterId, ParameterMapping::gradeFormat)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("grade", GradeFormat.NUMBER));
        assertThat(form.getParameters().get(1).getGradeFormat()).isEqualTo("percent");
    }
}
